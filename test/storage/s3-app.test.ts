import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, linkCourse, startJourneyWorld, type JourneyWorld } from '../journey/world';
import { upload } from '../journey/files';

// The whole app with STORAGE=s3 against s3rver (a real S3-protocol server from npm) on loopback: a teacher's upload
// goes through the HTTP API into the bucket and comes back through the download endpoint, byte for byte, and
// nothing lands in the local data folder.
let server: S3rver;
let directory: string;
let client: S3Client;
let world: JourneyWorld;

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
  await server?.close();
  await rm(directory, { recursive: true, force: true });
});

async function keysIn(prefix: string): Promise<string[]> {
  const listed = await client.send(new ListObjectsV2Command({ Bucket: 'evidence', Prefix: prefix }));
  return (listed.Contents ?? []).map((o) => o.Key ?? '');
}

describe('evidence on S3-compatible storage through the app', () => {
  it('uploads a teacher’s file over HTTP into the bucket and streams it back intact', async () => {
    const admin = await world.launch(2);
    const teacher = await world.launch(4, { resourceLinkId: 3 });
    await linkCourse(world, admin, 'XXZX2024', world.demo.countyId);
    const school = world.demo.schools[0]?.id as string;
    expect((await api(world, teacher, 'PUT', '/api/v1/me/school', { schoolId: school })).status).toBe(200);
    expect((await api(world, teacher, 'PUT', '/api/v1/me/selections', { abilities: ['A1', 'A2', 'A5'] })).status).toBe(
      200,
    );

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
});
