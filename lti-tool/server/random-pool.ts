import { randomBytes, randomFillSync } from 'node:crypto';

/** Bytes drawn from the CSPRNG at once: about 30 launches' secrets (a login's 73, a session's 32, two page nonces). */
const POOL_BYTES = 4096;

let pool = Buffer.alloc(0);
let offset = 0;

/**
 * `n` bytes from the CSPRNG, handed out of a pool drawn 4 KiB at a time (as Node does for randomUUID): each byte is
 * handed out once, and a fresh pool is a new buffer, so bytes already handed out never change. A draw per call cost the
 * hot path a native call and a system call each time (issue 14: four secrets a launch). Large requests go straight
 * to the CSPRNG.
 */
export function pooledRandomBytes(n: number): Buffer {
  if (n > POOL_BYTES / 4) return randomBytes(n);
  if (offset + n > pool.length) {
    pool = randomFillSync(Buffer.allocUnsafe(POOL_BYTES));
    offset = 0;
  }
  const bytes = pool.subarray(offset, offset + n);
  offset += n;
  return bytes;
}
