import { once } from 'node:events';
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  FileTooLargeError,
  HEAD_BYTES,
  hashOfKey,
  isJobKey,
  keyForHash,
  type BlobStore,
  type StoredObject,
} from './types';

// Temporary files this process is writing, by full path (the app makes one store per router, all on one folder): a
// sweep never touches them, however old.
const writing = new Set<string>();

/**
 * Files under `root` (DATA_DIR/files) named by their sha256, fanned out by the first two hex pairs. An upload is
 * written to `tmp/` while it is hashed and counted, then renamed into place: a partial or refused upload never
 * appears under its hash, and two uploads of the same bytes end in one file. A crash mid-upload leaves its
 * temporary file behind; `sweepTemporary` (at start-up and hourly) removes the stale ones.
 */
export function createLocalBlobStore(root: string): BlobStore {
  const tmpDir = join(root, 'tmp');
  const pathFor = (sha256: string) => join(root, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  const pathOfKey = (key: string) => {
    if (isJobKey(key)) return join(root, key);
    const sha256 = hashOfKey(key);
    return sha256 === undefined ? undefined : pathFor(sha256);
  };

  return {
    async put(body: Readable, { maxBytes, key }): Promise<StoredObject> {
      if (key !== undefined && !isJobKey(key)) throw new Error(`not a job's key: ${key}`);
      await mkdir(tmpDir, { recursive: true });
      const name = randomBytes(12).toString('hex');
      const tmp = join(tmpDir, name);
      writing.add(tmp);
      const hash = createHash('sha256');
      let size = 0;
      let head = Buffer.alloc(0);
      const meter = new Transform({
        transform(chunk: Buffer, _enc, done) {
          size += chunk.length;
          if (size > maxBytes) return done(new FileTooLargeError(maxBytes));
          if (head.length < HEAD_BYTES) head = Buffer.concat([head, chunk.subarray(0, HEAD_BYTES - head.length)]);
          hash.update(chunk);
          done(null, chunk);
        },
      });
      const out = createWriteStream(tmp, { flags: 'wx' });
      try {
        await pipeline(body, meter, out);
        const sha256 = hash.digest('hex');
        const stored = key ?? keyForHash(sha256);
        const target = pathOfKey(stored)!;
        await mkdir(join(target, '..'), { recursive: true });
        await rename(tmp, target);
        return { key: stored, sha256, sizeBytes: size, head };
      } finally {
        // A body that fails early (too long a video) can reject the pipeline while the file is still being opened:
        // wait for the stream to close, or the file appears after the rm below and is left behind.
        if (!out.closed) await once(out, 'close').catch(() => undefined);
        await rm(tmp, { force: true });
        writing.delete(tmp);
      }
    },

    async get(key) {
      const path = pathOfKey(key);
      if (path === undefined) return undefined;
      const info = await stat(path).catch(() => undefined);
      if (!info?.isFile()) return undefined;
      return { body: createReadStream(path), sizeBytes: info.size };
    },

    async exists(key) {
      const path = pathOfKey(key);
      if (path === undefined) return false;
      return (await stat(path).catch(() => undefined))?.isFile() ?? false;
    },

    async remove(key) {
      if (!isJobKey(key)) throw new Error(`only a job's own object is removed: ${key}`);
      await rm(join(root, key), { force: true });
    },

    async sweepTemporary({ olderThanMs, now = Date.now() }) {
      const names = await readdir(tmpDir).catch(() => [] as string[]);
      let removed = 0;
      for (const name of names) {
        const path = join(tmpDir, name);
        if (writing.has(path)) continue;
        const info = await stat(path).catch(() => undefined);
        // Another process sharing DATA_DIR may be writing it: its mtime moves with every chunk.
        if (!info?.isFile() || info.mtimeMs > now - olderThanMs) continue;
        await rm(path, { force: true });
        removed++;
      }
      return removed;
    },
  };
}
