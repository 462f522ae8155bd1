import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import S3rver from 's3rver';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../lti-tool/server/config';
import { createBlobStore, FileTooLargeError, jobKey, type BlobStore } from '../../lti-tool/server/storage';
import { createS3Client } from '../../lti-tool/server/storage/s3';

// One contract for every BlobStore: the local folder, and an S3-compatible bucket served by s3rver (a real S3
// protocol server from npm) on loopback, reached through the same AWS SDK client production uses.

interface Backend {
  store: BlobStore;
  /** Objects or files left under the store's temporary prefix. */
  leftovers(): Promise<string[]>;
  /** Leaves a temporary entry as a process killed mid-upload would. */
  leave(name: string): Promise<void>;
  /** Whether an unfinished upload is visible under the temporary prefix (a bucket shows none until it completes). */
  showsUnfinished: boolean;
  close(): Promise<void>;
}

async function localBackend(): Promise<Backend> {
  const dataDir = await mkdtemp(join(tmpdir(), 'blobs-local-'));
  const store = createBlobStore(loadConfig({ DATA_DIR: dataDir }));
  return {
    store,
    showsUnfinished: true,
    leftovers: () => readdir(join(dataDir, 'files', 'tmp')).catch(() => []),
    leave: async (name) => {
      await mkdir(join(dataDir, 'files', 'tmp'), { recursive: true });
      await writeFile(join(dataDir, 'files', 'tmp', name), Buffer.alloc(1000, 1));
    },
    close: () => rm(dataDir, { recursive: true, force: true }),
  };
}

async function s3Backend(): Promise<Backend> {
  const directory = await mkdtemp(join(tmpdir(), 'blobs-s3rver-'));
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    configureBuckets: [{ name: 'evidence' }],
  });
  const { port } = await server.run();
  const config = loadConfig({
    STORAGE: 's3',
    S3_ENDPOINT: `http://127.0.0.1:${port}`,
    S3_BUCKET: 'evidence',
    S3_ACCESS_KEY_ID: 'S3RVER',
    S3_SECRET_ACCESS_KEY: 'S3RVER',
    S3_FORCE_PATH_STYLE: '1',
    S3_PREFIX: 'county-a',
  });
  if (config.storage.kind !== 's3') throw new Error('STORAGE=s3 expected');
  const client = createS3Client(config.storage);
  return {
    store: createBlobStore(config),
    showsUnfinished: false,
    leftovers: async () => {
      const listed = await client.send(new ListObjectsV2Command({ Bucket: 'evidence', Prefix: 'county-a/tmp/' }));
      return (listed.Contents ?? []).map((o) => o.Key ?? '');
    },
    leave: async (name) => {
      await client.send(new PutObjectCommand({ Bucket: 'evidence', Key: `county-a/tmp/${name}`, Body: 'partial' }));
    },
    close: async () => {
      client.destroy();
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const read = async (body: Readable) => Buffer.concat(await body.toArray());
/** `total` bytes in 64 KB chunks, produced as they are read: the store never gets the file as one buffer. */
function streamOf(total: number, seed: number): { stream: Readable; hash: string } {
  const hash = createHash('sha256');
  const chunks: Buffer[] = [];
  for (let offset = 0; offset < total; offset += 65_536) {
    const chunk = Buffer.alloc(Math.min(65_536, total - offset), (offset / 65_536 + seed) % 251);
    hash.update(chunk);
    chunks.push(chunk);
  }
  return { stream: Readable.from(chunks), hash: hash.digest('hex') };
}

describe.each([
  ['local folder', localBackend],
  ['S3-compatible bucket (s3rver)', s3Backend],
])('blob store contract: %s', (_name, open) => {
  let backend: Backend;
  beforeAll(async () => {
    backend = await open();
  });
  afterAll(() => backend.close());

  it('stores by sha256, once for the same bytes, and reads them back', async () => {
    const bytes = Buffer.from('%PDF-1.7 教学设计');
    const a = await backend.store.put(Readable.from([bytes.subarray(0, 5), bytes.subarray(5)]), { maxBytes: 1000 });
    const b = await backend.store.put(Readable.from([bytes]), { maxBytes: 1000 });
    expect(a).toMatchObject({ key: `sha256/${sha256(bytes)}`, sha256: sha256(bytes), sizeBytes: bytes.length });
    expect(b.key).toBe(a.key);
    expect(a.head.subarray(0, 5).toString()).toBe('%PDF-');
    expect(await backend.store.exists(a.key)).toBe(true);
    const got = await backend.store.get(a.key);
    expect(got?.sizeBytes).toBe(bytes.length);
    expect((await read(got?.body as Readable)).equals(bytes)).toBe(true);
    expect(await backend.leftovers()).toEqual([]);
  });

  it('stores a job’s own object under the job’s key, apart from the same bytes under their hash, and removes it', async () => {
    const bytes = Buffer.from('学号,课程,完成时间\n');
    const shared = await backend.store.put(Readable.from([bytes]), { maxBytes: 1000 });
    const key = jobKey('0d9c6a4e-8a52-4a39-9d4e-2f1f2b0c9a11');
    const own = await backend.store.put(Readable.from([bytes]), { maxBytes: 1000, key });
    expect(own).toMatchObject({ key, sha256: shared.sha256, sizeBytes: bytes.length });
    expect((await read((await backend.store.get(key))!.body)).equals(bytes)).toBe(true);
    await backend.store.remove(key);
    await backend.store.remove(key); // removing twice is not an error (two processes may sweep one job)
    expect(await backend.store.exists(key)).toBe(false);
    // Evidence with the same bytes is untouched; an object under its hash is never removed.
    expect(await backend.store.exists(shared.key)).toBe(true);
    await expect(backend.store.remove(shared.key)).rejects.toThrow();
    await expect(backend.store.put(Readable.from([bytes]), { maxBytes: 1000, key: '../x' })).rejects.toThrow();
    expect(await backend.leftovers()).toEqual([]);
  });

  it('streams a file larger than one S3 part (6 MB) in and out intact', async () => {
    const { stream, hash } = streamOf(6 * 1024 * 1024 + 123, 7);
    const stored = await backend.store.put(stream, { maxBytes: 10 * 1024 * 1024 });
    expect(stored.sha256).toBe(hash);
    expect(stored.sizeBytes).toBe(6 * 1024 * 1024 + 123);
    const got = await backend.store.get(stored.key);
    expect(sha256(await read(got?.body as Readable))).toBe(hash);
    expect(await backend.leftovers()).toEqual([]);
  });

  it('refuses more than the cap, small or past the first part, and keeps nothing of it', async () => {
    await expect(
      backend.store.put(Readable.from([Buffer.alloc(600, 1), Buffer.alloc(600, 2)]), { maxBytes: 1000 }),
    ).rejects.toBeInstanceOf(FileTooLargeError);
    const { stream, hash } = streamOf(6 * 1024 * 1024, 3);
    await expect(backend.store.put(stream, { maxBytes: 5.5 * 1024 * 1024 })).rejects.toBeInstanceOf(FileTooLargeError);
    expect(await backend.store.exists(`sha256/${hash}`)).toBe(false);
    expect(await backend.leftovers()).toEqual([]);
  });

  it('fails an upload whose source breaks, storing nothing under a hash', async () => {
    const broken = new Readable({
      read() {
        this.push(Buffer.alloc(1024, 9));
        this.destroy(new Error('client went away'));
      },
    });
    await expect(backend.store.put(broken, { maxBytes: 10_000 })).rejects.toThrow(/client went away/);
    expect(await backend.store.exists(`sha256/${sha256(Buffer.alloc(1024, 9))}`)).toBe(false);
    expect(await backend.leftovers()).toEqual([]);
  });

  it('sweeps temporary entries a crash left once they are stale, never a fresh one or one being written', async () => {
    const HOUR = 60 * 60_000;
    await backend.leave('killed-mid-upload');
    // An upload still streaming: its first bytes are in, the rest not yet sent.
    const body = new PassThrough();
    body.write(Buffer.alloc(2048, 5));
    const writing = backend.store.put(body, { maxBytes: 10_000 });
    const expected = backend.showsUnfinished ? 2 : 1;
    await vi.waitFor(async () => expect(await backend.leftovers()).toHaveLength(expected), { interval: 10 });
    // Two hours later, as far as the sweep can tell: the leftover is stale; the upload in progress must survive.
    expect(await backend.store.sweepTemporary({ olderThanMs: HOUR, now: Date.now() + 2 * HOUR })).toBe(1);
    const after = await backend.leftovers();
    expect(after.some((name) => name.endsWith('killed-mid-upload'))).toBe(false);
    expect(after).toHaveLength(expected - 1);
    body.end(Buffer.alloc(2048, 6));
    const stored = await writing;
    expect(stored.sha256).toBe(sha256(Buffer.concat([Buffer.alloc(2048, 5), Buffer.alloc(2048, 6)])));
    expect(await backend.store.exists(stored.key)).toBe(true);
    // A fresh leftover (another process may still be writing it) stays until it is an hour old.
    await backend.leave('just-written');
    expect(await backend.store.sweepTemporary({ olderThanMs: HOUR })).toBe(0);
    expect(await backend.leftovers()).toHaveLength(1);
    expect(await backend.store.sweepTemporary({ olderThanMs: HOUR, now: Date.now() + 2 * HOUR })).toBe(1);
    expect(await backend.leftovers()).toEqual([]);
  });

  it('answers nothing for unknown keys and never uses a key that is not a hash', async () => {
    expect(await backend.store.get(`sha256/${'a'.repeat(64)}`)).toBeUndefined();
    expect(await backend.store.exists(`sha256/${'a'.repeat(64)}`)).toBe(false);
    expect(await backend.store.get('../../etc/passwd')).toBeUndefined();
    expect(await backend.store.exists('tmp/whatever')).toBe(false);
  });
});

describe('storage configuration', () => {
  it('needs a bucket and keys with STORAGE=s3, naming each missing variable', () => {
    expect(() => loadConfig({ STORAGE: 's3' })).toThrow(/S3_BUCKET[\s\S]*S3_ACCESS_KEY_ID[\s\S]*S3_SECRET_ACCESS_KEY/);
    expect(loadConfig({}).storage).toEqual({ kind: 'local' });
  });
});
