import { mkdtemp } from 'node:fs/promises';
import { join } from 'node:path';
import { inject } from 'vitest';

/**
 * A new folder for a test's files (a tool's DATA_DIR, a blob store) inside this run's folder, which the global setup
 * removes when the run ends: a file that forgets to clean up leaves nothing in /tmp.
 */
export function testTempDir(prefix: string): Promise<string> {
  return mkdtemp(join(inject('testDatabaseTemplate').runDir, prefix));
}
