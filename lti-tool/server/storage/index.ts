import { join } from 'node:path';
import type { StorageConfig } from '../config';
import { createLocalBlobStore } from './local';
import type { BlobStore } from './types';

export type { BlobStore, StoredObject } from './types';
export { FileTooLargeError, STALE_UPLOAD_MS, isJobKey, jobKey } from './types';
export { inlineAllowed, sniffUpload, extensionOf } from './sniff';

// One store (and so one S3 connection pool) per configuration, however many routers ask for it.
const stores = new WeakMap<object, BlobStore>();

/** The evidence store of a deployment: the local folder DATA_DIR/files, or the S3-compatible bucket configured. */
export function createBlobStore(config: { dataDir: string; storage?: StorageConfig }): BlobStore {
  const storage = config.storage;
  if (!storage || storage.kind === 'local') return createLocalBlobStore(join(config.dataDir, 'files'));
  let store = stores.get(storage);
  if (!store) stores.set(storage, (store = lazyS3(storage)));
  return store;
}

/** The S3 client (a large module tree) loads on first use, so a deployment on the local folder never pays for it. */
function lazyS3(storage: Extract<StorageConfig, { kind: 's3' }>): BlobStore {
  let loaded: Promise<BlobStore> | undefined;
  const store = () => (loaded ??= import('./s3').then((s3) => s3.createS3BlobStore(storage)));
  return {
    put: async (body, options) => (await store()).put(body, options),
    get: async (key) => (await store()).get(key),
    exists: async (key) => (await store()).exists(key),
    remove: async (key) => (await store()).remove(key),
    sweepTemporary: async (options) => (await store()).sweepTemporary(options),
  };
}
