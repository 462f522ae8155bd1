import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { CLI_IMPORT_MAX_BYTES, main } from './import';

const dir = mkdtempSync(join(tmpdir(), 'import-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('npm run import: the byte limit', () => {
  it('refuses a file over the limit before reading it, Chinese first, naming the limit, the size and the fix', async () => {
    const file = join(dir, 'province.csv');
    writeFileSync(file, 'teacher_email,course_ref,completed_at\n');
    truncateSync(file, CLI_IMPORT_MAX_BYTES + 1); // sparse: the size without writing 50 MB
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      // No database is opened: the source named here does not exist anywhere.
      expect(await main([file, '--source', 'no-such-source'])).toBe(2);
      const text = errors.mock.calls.map((c) => String(c[0])).join('\n');
      expect(text).toMatch(
        /^文件过大：命令行导入每个文件最多 50\.0 MB，本文件 50\.0 MB，未导入任何数据；请把文件拆分为每个不超过 200000 行数据的几个文件/,
      );
      expect(text).toContain('file too large: the command-line import takes at most 50.0 MB per file');
      expect(text).toContain('split it into files of at most 200000 data rows');
    } finally {
      errors.mockRestore();
    }
  });
});
