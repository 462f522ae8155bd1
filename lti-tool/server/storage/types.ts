import type { Readable } from 'node:stream';

/** What the storage knows of a stored object: content-addressed, so the key follows from the bytes. */
export interface StoredObject {
  key: string;
  sha256: string;
  sizeBytes: number;
  /** The first bytes, for type sniffing without a second read. */
  head: Buffer;
}

/**
 * Where evidence files live. Callers see only this interface, so an S3-compatible backend (put = multipart upload
 * to a temporary name, then copy to `sha256/<hash>`) can replace the local one without touching them.
 */
export interface BlobStore {
  /**
   * Streams `body` in, hashing as it goes; refuses more than `maxBytes` with FileTooLargeError. Stored under its
   * hash, or under `key` when given: a job's own object (`jobKey`), never shared, so its job may `remove` it.
   */
  put(body: Readable, options: { maxBytes: number; key?: string }): Promise<StoredObject>;
  /** A stream of the object's bytes, or undefined when it does not exist. */
  get(key: string): Promise<{ body: Readable; sizeBytes: number } | undefined>;
  exists(key: string): Promise<boolean>;
  /**
   * Removes a job's own object (`jobKey`); nothing if absent. Objects under their hash may be shared by several
   * records (two uploads of the same bytes are one object), so they are refused.
   */
  remove(key: string): Promise<void>;
  /**
   * Removes what crashed uploads left under the temporary prefix: entries last written before `now - olderThanMs`,
   * never one an upload of this process is still writing. Answers how many were removed.
   */
  sweepTemporary(options: { olderThanMs: number; now?: number }): Promise<number>;
}

/**
 * Age past which a temporary upload is abandoned. A file being written is touched with every chunk, Node ends an
 * HTTP request after 5 minutes (`requestTimeout`) and an export job writes its archive steadily, so an hour without
 * a write can only be a crash's leftover.
 */
export const STALE_UPLOAD_MS = 60 * 60_000;

export class FileTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`file larger than ${maxBytes} bytes`);
    this.name = 'FileTooLargeError';
  }
}

/** Bytes kept from the start of every upload for sniffing. */
export const HEAD_BYTES = 64;

/** Keys are `sha256/<hex>`: nothing a user typed ever becomes part of a path. */
export const keyForHash = (sha256: string) => `sha256/${sha256}`;

export function hashOfKey(key: string): string | undefined {
  const match = /^sha256\/([0-9a-f]{64})$/.exec(key);
  return match?.[1];
}

/**
 * A job's own object, named by the job's id (a UUID): a large import's file waiting for its job. Not
 * content-addressed, so removing it when the job ends can never take an evidence file with the same bytes.
 */
export const jobKey = (jobId: string) => `jobs/${jobId}`;

export function isJobKey(key: string): boolean {
  return /^jobs\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(key);
}

/** A key that names a stored object: its hash, or a job's own (anything else names nothing). */
export const isObjectKey = (key: string) => hashOfKey(key) !== undefined || isJobKey(key);
