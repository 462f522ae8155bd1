import { createHash } from 'node:crypto';
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { UnreadableFileError } from './unreadable';

/**
 * The bytes of a file being imported, read a range at a time: an upload's buffer, or a file on disk that is never
 * read whole (`npm run import`). Every reader (CSV, XLSX, ODS) takes either.
 */
export interface ByteSource {
  readonly size: number;
  /** `length` bytes from `offset` (fewer past the end). The result may be reused by the next call: copy to keep. */
  read(offset: number, length: number): Uint8Array;
}

export type SheetBytes = Uint8Array | ByteSource;

export function byteSource(input: SheetBytes): ByteSource {
  if (!(input instanceof Uint8Array)) return input;
  return {
    size: input.length,
    read: (offset, length) => input.subarray(offset, Math.min(input.length, offset + length)),
  };
}

/** The source's bytes in order, `piece` at a time. */
export function* pieces(source: ByteSource, piece: number): Generator<Uint8Array> {
  for (let at = 0; at < source.size; at += piece) yield source.read(at, piece);
}

/**
 * A file on disk, read by position. The readers go over it more than once (counted, then read in batches): a file
 * replaced or rewritten meanwhile is an error, not a mix of two files (the import's transaction rolls back).
 * `close` it when done.
 */
export function fileSource(path: string): ByteSource & { close(): void } {
  const fd = openSync(path, 'r');
  const opened = fstatSync(fd);
  const size = opened.size;
  return {
    size,
    read(offset, length) {
      const now = fstatSync(fd);
      if (now.size !== size || now.mtimeMs !== opened.mtimeMs) {
        throw new UnreadableFileError('the file changed while it was being read');
      }
      const want = Math.max(0, Math.min(length, size - offset));
      const buffer = new Uint8Array(want);
      let done = 0;
      while (done < want) {
        const n = readSync(fd, buffer, done, want - done, offset + done);
        if (n === 0) break;
        done += n;
      }
      return done < want ? buffer.subarray(0, done) : buffer;
    },
    close: () => closeSync(fd),
  };
}

/** The file's SHA-256 (hex), read a piece at a time. */
export function sha256Hex(input: SheetBytes): string {
  const hash = createHash('sha256');
  for (const piece of pieces(byteSource(input), 4 << 20)) hash.update(piece);
  return hash.digest('hex');
}
