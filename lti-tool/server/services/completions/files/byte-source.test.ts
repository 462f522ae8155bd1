import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { largeXlsx } from '../../../../../test/helpers/large-sheets';
import { fileSource, sha256Hex, type ByteSource } from './byte-source';
import { openSheet } from './spreadsheet';

// `npm run import` reads the file from disk by range through the readers an upload uses: the same sheet, and no
// read larger than a reader's piece, whatever the file's size.

const dir = mkdtempSync(join(tmpdir(), 'byte-source-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const EXPORTS = join(__dirname, '../../../../../test/fixtures/moodle-5.1/exports');

/** A file source that remembers its largest read. */
function watched(path: string) {
  const file = fileSource(path);
  const seen = { largest: 0, bytes: 0 };
  const source: ByteSource = {
    size: file.size,
    read(offset, length) {
      const piece = file.read(offset, length);
      seen.largest = Math.max(seen.largest, piece.length);
      seen.bytes += piece.length;
      return piece;
    },
  };
  return { source, seen, close: file.close };
}

async function sheetOf(bytes: ByteSource | Uint8Array, name: string) {
  const sheet = await openSheet(bytes, name);
  const { batches, ...rest } = sheet;
  return { ...rest, rows: [...batches(1_000)].flat() };
}

describe('a file on disk read by range', () => {
  it('gives the sheet its bytes give (CSV in UTF-8 and GB18030, XLSX, ODS), and its SHA-256', async () => {
    const gb = join(dir, 'gb.csv');
    // 邮箱 / 课程 in GB18030: not UTF-8, decoded as a Chinese Excel's CSV.
    writeFileSync(
      gb,
      Buffer.from([0xd3, 0xca, 0xcf, 0xe4, 0x2c, 0xbf, 0xce, 0xb3, 0xcc, 0x0a, 0x61, 0x2c, 0x62, 0x0a]),
    );
    const files = ['course-completion.csv', 'grades.xlsx', 'grades.ods', 'activity-completion.xlsx'].map((name) =>
      join(EXPORTS, name),
    );
    for (const path of [...files, gb]) {
      const bytes = new Uint8Array(readFileSync(path));
      const { source, close } = watched(path);
      try {
        expect(await sheetOf(source, path), path).toEqual(await sheetOf(bytes, path));
        expect(sha256Hex(source)).toBe(sha256Hex(bytes));
      } finally {
        close();
      }
    }
    expect((await sheetOf(new Uint8Array(readFileSync(gb)), 'gb.csv')).header).toEqual(['邮箱', '课程']);
  });

  it('reads a large file a piece at a time: CSV 4 MB at most, XLSX the 64 KB where its directory may end', async () => {
    const csv = join(dir, 'large.csv');
    const line = 't0001@teachers.example.com,A1 技术支持的学情分析,2025-11-02 10:00:00\n';
    writeFileSync(csv, `teacher_email,course_ref,completed_at\n${line.repeat(150_000)}`);
    const xlsx = join(dir, 'large.xlsx');
    writeFileSync(xlsx, largeXlsx(50_000));
    for (const [path, limit] of [
      [csv, 4 << 20],
      [xlsx, 0xffff + 22], // the end-of-directory record's search window; entries are inflated 32 KB at a time
    ] as const) {
      const { source, seen, close } = watched(path);
      try {
        const sheet = await openSheet(source, path);
        let rows = 0;
        for (const batch of sheet.batches(10_000)) rows += batch.length;
        expect(rows).toBe(sheet.rows);
        expect(source.size).toBeGreaterThan(limit);
        expect(seen.largest, path).toBeLessThanOrEqual(limit);
      } finally {
        close();
      }
    }
  });

  it('a file rewritten between two reads is an error, not a mix of two files', async () => {
    const path = join(dir, 'changing.csv');
    writeFileSync(path, 'teacher_email,course_ref,completed_at\nt@x.cn,A1,2025-11-02\n');
    const file = fileSource(path);
    try {
      const sheet = await openSheet(file, path);
      appendFileSync(path, 't2@x.cn,A1,2025-11-02\n');
      expect(() => [...sheet.batches(10)]).toThrow('the file changed while it was being read');
    } finally {
      file.close();
    }
  });
});
