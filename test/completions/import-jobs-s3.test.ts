import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importJobReply } from '../../shared/api/import-jobs';
import { runDueImportJobs } from '../../lti-tool/server/jobs/import-jobs';
import { createLogger } from '../../lti-tool/server/logger';
import { createCompletionSource } from '../../lti-tool/server/services/completions/sources';
import { createBlobStore } from '../../lti-tool/server/storage';
import { startToolServer, type ToolServer } from '../helpers/tool-server';
import { fixtureSession } from './fixture-session';
import { EXPECTED_COMPLETIONS, exportFile, seedFixtureWorld } from './seed';

// A large import's file waits in an S3-compatible bucket (s3rver, a real S3-protocol server, on loopback) under the
// job's own key, is read back by the job and removed when it ends.
let server: S3rver;
let directory: string;
let client: S3Client;
let tool: ToolServer;

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'import-jobs-s3-'));
  server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    configureBuckets: [{ name: 'files' }],
  });
  const { port } = await server.run();
  const env = {
    STORAGE: 's3',
    S3_ENDPOINT: `http://127.0.0.1:${port}`,
    S3_BUCKET: 'files',
    S3_ACCESS_KEY_ID: 'S3RVER',
    S3_SECRET_ACCESS_KEY: 'S3RVER',
    S3_FORCE_PATH_STYLE: '1',
    S3_PREFIX: 'county-a',
    IMPORT_JOB_FROM_BYTES: '1024',
  };
  tool = await startToolServer({ env });
  client = new S3Client({
    endpoint: env.S3_ENDPOINT,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  });
});
afterAll(async () => {
  client?.destroy();
  await tool?.close();
  await server?.close();
  await rm(directory, { recursive: true, force: true });
});

const keysIn = async (prefix: string) =>
  ((await client.send(new ListObjectsV2Command({ Bucket: 'files', Prefix: prefix }))).Contents ?? []).map(
    (o) => o.Key ?? '',
  );

describe('import jobs on S3-compatible storage', () => {
  it('stores the upload under the job’s key in the bucket, imports it from there and removes it', async () => {
    const db = tool.database.db;
    const world = await seedFixtureWorld(db, 'tenant-s3');
    const { source } = await createCompletionSource(db, world.tenantId, { name: 'moodle-files', kind: 'file' });
    const admin = await fixtureSession(db, world, world.adminPersonId, ['institution_admin']);
    const response = await fetch(`${tool.url}/api/v1/completions/sources/${source.id}/imports?fileName=c.csv`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'text/csv' },
      body: exportFile('course-completion.csv') as Uint8Array<ArrayBuffer>,
    });
    expect(response.status).toBe(202);
    const { id, statusUrl } = importJobReply.parse(await response.json());
    expect(await keysIn('county-a/jobs/')).toEqual([`county-a/jobs/${id}`]);
    const storage = createBlobStore(tool.config);
    expect(await runDueImportJobs({ db, storage, logger: createLogger('silent') })).toBe(1);
    const job = importJobReply.parse(
      await (await fetch(`${tool.url}${statusUrl}`, { headers: { authorization: `Bearer ${admin}` } })).json(),
    );
    expect(job.status).toBe('succeeded');
    expect(job.report!.summary.created).toBe(Object.values(EXPECTED_COMPLETIONS).reduce((x, y) => x + y, 0));
    expect(await keysIn('county-a/jobs/')).toEqual([]);
    expect(await keysIn('county-a/tmp/')).toEqual([]);
  });
});
