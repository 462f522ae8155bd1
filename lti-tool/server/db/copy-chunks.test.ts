import { describe, expect, it } from 'vitest';
import { copyLine } from './bulk-copy';
import { CopyChunks } from './copy-chunks';

/** Writes rows through CopyChunks, taking chunks as an import does, and returns them. */
function chunksOf(rows: Array<Array<string | null>>): Uint8Array[] {
  const out = new CopyChunks();
  const chunks: Uint8Array[] = [];
  for (const row of rows) {
    row.forEach((cell, i) => (i ? out.tab() : out).value(cell));
    out.end();
    chunks.push(...out.take());
  }
  chunks.push(...out.finish());
  return chunks;
}

describe('CopyChunks', () => {
  it('writes the bytes copyLine writes, escaping included, across many chunks', () => {
    const rows = Array.from({ length: 3000 }, (_, i) => [
      `${i}`,
      `课程 ${i}\t制表\n换行\\反斜杠\r`,
      i % 7 ? '技术支持的学情分析 A1' : null,
      '{"file":"成绩.xlsx","row":2}',
    ]);
    const chunks = chunksOf(rows);
    expect(chunks.length).toBeGreaterThan(2); // ~70 bytes a row: several 64 kB chunks
    expect(Buffer.concat(chunks).toString('utf8')).toBe(rows.map((r) => copyLine(r)).join(''));
  });

  it('takes a cell longer than a chunk whole', () => {
    const long = '长'.repeat(70_000); // 210,000 bytes in UTF-8
    const chunks = chunksOf([
      ['a', long],
      ['b', 'c'],
    ]);
    expect(Buffer.concat(chunks).toString('utf8')).toBe(`a\t${long}\nb\tc\n`);
  });

  it('gives nothing for no rows', () => {
    expect(chunksOf([])).toEqual([]);
  });
});
