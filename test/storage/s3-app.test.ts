import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, linkCourse, startJourneyWorld, type JourneyWorld } from '../journey/world';
import { upload } from '../journey/files';
import { startToolServer, type ToolServer } from '../helpers/tool-server';

// The whole app with STORAGE=s3 against s3rver (a real S3-protocol server from npm) on loopback: a teacher's upload
// goes through the HTTP API into the bucket and comes back through the download endpoint, byte for byte, and
// nothing lands in the local data folder; and a second process of the deployment (same database, same bucket: another
// machine behind the proxy) serves what the other took.
let server: S3rver;
let directory: string;
let client: S3Client;
let world: JourneyWorld;
let s3Env: Record<string, string>;
/** A second process of the same deployment (another machine behind the proxy): same database, same bucket. */
let second: ToolServer | undefined;

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 's3-app-'));
  server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    configureBuckets: [{ name: 'evidence' }],
  });
  const { port } = await server.run();
  const s3 = {
    STORAGE: 's3',
    S3_ENDPOINT: `http://127.0.0.1:${port}`,
    S3_BUCKET: 'evidence',
    S3_ACCESS_KEY_ID: 'S3RVER',
    S3_SECRET_ACCESS_KEY: 'S3RVER',
    S3_FORCE_PATH_STYLE: '1',
    S3_PREFIX: 'county-a',
  };
  s3Env = s3;
  world = await startJourneyWorld({ env: s3 });
  client = new S3Client({
    endpoint: s3.S3_ENDPOINT,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  });
});
afterAll(async () => {
  client?.destroy();
  await world?.close();
  await second?.close(); // after the world: it shares (and closes again) the world's database
  await server?.close();
  await rm(directory, { recursive: true, force: true });
});

async function keysIn(prefix: string): Promise<string[]> {
  const listed = await client.send(new ListObjectsV2Command({ Bucket: 'evidence', Prefix: prefix }));
  return (listed.Contents ?? []).map((o) => o.Key ?? '');
}

/** A teacher of the linked course, in a school, with A2 among their abilities: ready to upload A2's lesson design. */
async function teacherOfTheCourse(userId: number): Promise<string> {
  const admin = await world.launch(2);
  const teacher = await world.launch(userId, { resourceLinkId: 3 });
  await linkCourse(world, admin, 'XXZX2024', world.demo.countyId);
  const school = world.demo.schools[0]?.id as string;
  expect((await api(world, teacher, 'PUT', '/api/v1/me/school', { schoolId: school })).status).toBe(200);
  const selected = await api(world, teacher, 'PUT', '/api/v1/me/selections', { abilities: ['A1', 'A2', 'A5'] });
  expect(selected.status).toBe(200);
  return teacher;
}

describe('evidence on S3-compatible storage through the app', () => {
  it('uploads a teacher’s file over HTTP into the bucket and streams it back intact', async () => {
    const teacher = await teacherOfTheCourse(4);

    // Larger than one S3 part (5 MB), so the upload is a multipart one streamed in parts.
    const bytes = Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(6 * 1024 * 1024), Buffer.from('\n%%EOF\n')]);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const uploaded = await api(
      world,
      teacher,
      'POST',
      '/api/v1/me/abilities/A2/items/lesson-design/file',
      new Uint8Array(bytes),
      upload('教学设计.pdf'),
    );
    expect(uploaded.status).toBe(201);
    expect(uploaded.body.item.file).toMatchObject({ sha256, sizeBytes: bytes.length, mime: 'application/pdf' });

    // In the bucket under its hash and the deployment's prefix; nothing left under tmp/, nothing in DATA_DIR.
    expect(await keysIn(`county-a/sha256/${sha256}`)).toEqual([`county-a/sha256/${sha256}`]);
    expect(await keysIn('county-a/tmp/')).toEqual([]);
    expect(await readdir(join(world.tool.config.dataDir, 'files')).catch(() => [])).toEqual([]);

    const download = await fetch(`${world.tool.url}/api/v1/files/${uploaded.body.item.id}`, {
      headers: { authorization: `Bearer ${teacher}` },
    });
    expect(download.status).toBe(200);
    expect(download.headers.get('content-length')).toBe(String(bytes.length));
    expect(download.headers.get('content-type')).toBe('application/pdf');
    // Read as the stream arrives, hashing chunk by chunk.
    const hash = createHash('sha256');
    let chunks = 0;
    const reader = (download.body as ReadableStream<Uint8Array>).getReader();
    for (let next = await reader.read(); !next.done; next = await reader.read()) {
      hash.update(next.value);
      chunks++;
    }
    expect(hash.digest('hex')).toBe(sha256);
    expect(chunks).toBeGreaterThan(1);

    // Another teacher of the same school may not read it, bucket or not.
    const colleague = await world.launch(5, { resourceLinkId: 3 });
    const refused = await api(world, colleague, 'GET', `/api/v1/files/${uploaded.body.item.id}`);
    expect(refused.status).toBe(404);
  });

  it('serves from one process a file uploaded through another (several machines on one bucket)', async () => {
    const teacher = await teacherOfTheCourse(5);
    second = await startToolServer({ database: world.tool.database, env: { ...s3Env, PUBLIC_URL: world.tool.url } });

    // Uploaded through the second process with the session the first one issued (sessions live in the database).
    const bytes = Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(256 * 1024), Buffer.from('\n%%EOF\n')]);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const uploaded = await api(
      { tool: second },
      teacher,
      'POST',
      '/api/v1/me/abilities/A2/items/lesson-design/file',
      new Uint8Array(bytes),
      upload('另一台机器.pdf'),
    );
    expect(uploaded.status).toBe(201);
    expect(await keysIn(`county-a/sha256/${sha256}`)).toEqual([`county-a/sha256/${sha256}`]);

    // Read back through each process: the same bytes, whichever machine the proxy picks.
    for (const process of [world.tool, second]) {
      const download = await fetch(`${process.url}/api/v1/files/${uploaded.body.item.id}`, {
        headers: { authorization: `Bearer ${teacher}` },
      });
      expect(download.status).toBe(200);
      expect(
        createHash('sha256')
          .update(Buffer.from(await download.arrayBuffer()))
          .digest('hex'),
      ).toBe(sha256);
    }
  });
});
