import { join } from 'node:path';
import { createLocalBlobStore } from './local';
import type { BlobStore } from './types';

export type { BlobStore, StoredObject } from './types';
export { FileTooLargeError } from './types';
export { inlineAllowed, sniffUpload, extensionOf } from './sniff';

/** The evidence store of a deployment: the local filesystem under DATA_DIR/files (an S3 backend would go here). */
export function createBlobStore(config: { dataDir: string }): BlobStore {
  return createLocalBlobStore(join(config.dataDir, 'files'));
}
