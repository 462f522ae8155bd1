import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Config } from './config';

/**
 * The key-encryption secret: from the environment, or (outside production) a random one kept in
 * `DATA_DIR/secrets/`, readable only by the owner, so `npm start` works on a fresh machine.
 */
export async function keyEncryptionSecret(config: Config): Promise<string> {
  if (config.keyEncryptionSecret) return config.keyEncryptionSecret;
  const dir = join(config.dataDir, 'secrets');
  const file = join(dir, 'key-encryption-secret');
  try {
    return (await readFile(file, 'utf8')).trim();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const secret = randomBytes(32).toString('base64url');
  await writeFile(file, `${secret}\n`, { mode: 0o600, flag: 'wx' });
  await chmod(file, 0o600);
  return secret;
}
