import { createHash, randomBytes } from 'node:crypto';
import { Readable, Transform } from 'node:stream';
import {
  CopyObjectCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import {
  FileTooLargeError,
  HEAD_BYTES,
  isJobKey,
  isObjectKey,
  keyForHash,
  type BlobStore,
  type StoredObject,
} from './types';

// Temporary objects (`bucket/key`) this process is still uploading or copying: a sweep never deletes them.
const writing = new Set<string>();

/** An S3-compatible bucket: AWS, Aliyun OSS, Tencent COS, Huawei OBS, MinIO. */
export interface S3StorageConfig {
  endpoint?: string;
  region: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** `bucket` in the path instead of the host name: MinIO and most self-hosted servers; OSS wants it off. */
  forcePathStyle: boolean;
  /** Prepended to every key, so one bucket can hold several deployments. */
  prefix: string;
}

// The smallest part S3 accepts; an upload holds at most QUEUE parts in memory, never the whole file.
const PART_BYTES = 5 * 1024 * 1024;
const QUEUE = 2;

const notFound = (err: unknown) =>
  err instanceof S3ServiceException &&
  (err.name === 'NotFound' || err.name === 'NoSuchKey' || err.$metadata.httpStatusCode === 404);

export function createS3Client(config: S3StorageConfig): S3Client {
  return new S3Client({
    endpoint: config.endpoint,
    region: config.region,
    forcePathStyle: config.forcePathStyle,
    credentials: { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey },
    // The SDK's default CRC32 checksums on every request are not understood by several S3-compatible services
    // (OSS, COS, older MinIO): send and check them only where the protocol requires.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

/**
 * Evidence files in a bucket, named by their sha256 like the local store. An upload streams (multipart above 5 MB)
 * to `tmp/<random>` while it is hashed and counted, then is copied to `sha256/<hash>` and the temporary object
 * deleted: a refused or broken upload never appears under a hash. Objects left in `tmp/` by a crash are harmless;
 * `sweepTemporary` removes the stale ones, and a lifecycle rule on that prefix also aborts multipart uploads a crash
 * cut off (docs/deployment.md).
 */
export function createS3BlobStore(config: S3StorageConfig, client = createS3Client(config)): BlobStore {
  const objectKey = (key: string) => `${config.prefix}${key}`;
  const head = async (key: string) => {
    try {
      return await client.send(new HeadObjectCommand({ Bucket: config.bucket, Key: objectKey(key) }));
    } catch (err) {
      if (notFound(err)) return undefined;
      throw err;
    }
  };

  return {
    async put(body: Readable, { maxBytes, key }): Promise<StoredObject> {
      if (key !== undefined && !isJobKey(key)) throw new Error(`not a job's key: ${key}`);
      const tmpKey = objectKey(`tmp/${randomBytes(12).toString('hex')}`);
      writing.add(`${config.bucket}/${tmpKey}`);
      try {
        return await putVia(tmpKey, body, maxBytes, key);
      } finally {
        writing.delete(`${config.bucket}/${tmpKey}`);
      }
    },

    async get(key) {
      if (!isObjectKey(key)) return undefined;
      try {
        const object = await client.send(new GetObjectCommand({ Bucket: config.bucket, Key: objectKey(key) }));
        if (!(object.Body instanceof Readable)) throw new Error('S3 client returned no Node stream');
        return { body: object.Body, sizeBytes: object.ContentLength ?? 0 };
      } catch (err) {
        if (notFound(err)) return undefined;
        throw err;
      }
    },

    async exists(key) {
      if (!isObjectKey(key)) return false;
      return (await head(key)) !== undefined;
    },

    async remove(key) {
      if (!isJobKey(key)) throw new Error(`only a job's own object is removed: ${key}`);
      await client.send(new DeleteObjectCommand({ Bucket: config.bucket, Key: objectKey(key) }));
    },

    async sweepTemporary({ olderThanMs, now = Date.now() }) {
      let removed = 0;
      let token: string | undefined;
      do {
        const page = await client.send(
          new ListObjectsV2Command({ Bucket: config.bucket, Prefix: objectKey('tmp/'), ContinuationToken: token }),
        );
        for (const object of page.Contents ?? []) {
          const written = object.LastModified?.getTime() ?? now;
          if (!object.Key || writing.has(`${config.bucket}/${object.Key}`) || written > now - olderThanMs) continue;
          await client.send(new DeleteObjectCommand({ Bucket: config.bucket, Key: object.Key }));
          removed++;
        }
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token);
      return removed;
    },
  };

  /** Streams `body` to `tmpKey` while hashing and counting, then copies it under its hash. */
  async function putVia(tmpKey: string, body: Readable, maxBytes: number, own?: string): Promise<StoredObject> {
    const hash = createHash('sha256');
    let size = 0;
    let first = Buffer.alloc(0);
    let tooLarge = false;
    const meter = new Transform({
      transform(chunk: Buffer, _enc, done) {
        size += chunk.length;
        if (size > maxBytes) {
          tooLarge = true;
          return done(new FileTooLargeError(maxBytes));
        }
        if (first.length < HEAD_BYTES) first = Buffer.concat([first, chunk.subarray(0, HEAD_BYTES - first.length)]);
        hash.update(chunk);
        done(null, chunk);
      },
    });
    body.on('error', (err) => meter.destroy(err));
    const upload = new Upload({
      client,
      params: { Bucket: config.bucket, Key: tmpKey, Body: body.pipe(meter) },
      partSize: PART_BYTES,
      queueSize: QUEUE,
      // A failed multipart upload is aborted, so no parts are left to pay for.
      leavePartsOnError: false,
    });
    try {
      await upload.done();
    } catch (err) {
      if (tooLarge) throw new FileTooLargeError(maxBytes);
      throw err;
    }
    try {
      const sha256 = hash.digest('hex');
      const key = own ?? keyForHash(sha256);
      // Same bytes stored before: keep the existing object (content-addressed, so it is identical). A job's own key
      // is new (the job's id).
      if (own !== undefined || !(await head(key))) {
        await client.send(
          new CopyObjectCommand({
            Bucket: config.bucket,
            Key: objectKey(key),
            CopySource: `${config.bucket}/${encodeURIComponent(tmpKey).replaceAll('%2F', '/')}`,
          }),
        );
      }
      return { key, sha256, sizeBytes: size, head: first };
    } finally {
      await client.send(new DeleteObjectCommand({ Bucket: config.bucket, Key: tmpKey })).catch(() => undefined);
    }
  }
}
