import { describe, expect, it } from 'vitest';
import { MAX_CSV_ERRORS, parseCsv } from '../../../../../shared/domain';
import { CsvCutter, csvRecordBatches } from './csv-stream';

/** The cutter's records and problems when the text arrives in the given pieces. */
function cut(pieces: string[]) {
  const rows: { row: number; fields: string[] }[] = [];
  const csv = new CsvCutter((r) => rows.push(r));
  for (const p of pieces) csv.push(p);
  csv.end();
  return { rows, problems: csv.problems.map((p) => p.row), omitted: csv.problemsOmitted };
}

const SAMPLES = [
  'a,b,c\n1,2,3\n',
  '\uFEFFh1,h2\r\n"x\r\ny",1\r\n\r\nz,2',
  'a,b\n1,"open\n2,3\n',
  'a,b\nx"y"z,"ok"tail\n',
  'h\n\n\n"q""uoted",,\n,\n"",x\r"last"',
  'h\rone\rtwo\r\r',
  '',
  '\uFEFF',
  'a,"b\n',
  '邮箱,课程\nt@x.cn,"A1 技术,支持"\n',
];

describe('CsvCutter (the import reads a CSV in pieces)', () => {
  it('gives the records and format problems of parseCsv, however the text is cut into pieces', () => {
    for (const text of SAMPLES) {
      const whole = parseCsv(text);
      const expected = {
        rows: whole.records.map((r) => ({ row: r.row, fields: r.fields })),
        problems: whole.errors.map((e) => e.row),
        omitted: 0,
      };
      expect(cut([text]), JSON.stringify(text)).toEqual(expected);
      for (let at = 0; at <= text.length; at++) {
        expect(cut([text.slice(0, at), text.slice(at)]), `${JSON.stringify(text)} cut at ${at}`).toEqual(expected);
      }
      expect(cut([...text]), `${JSON.stringify(text)} one character at a time`).toEqual(expected);
    }
  });

  it('lists at most MAX_CSV_ERRORS problems and counts the rest', () => {
    const text = `h\n${'a"b,c"d\n'.repeat(1000)}`;
    const result = cut([text]);
    expect(result.problems).toHaveLength(MAX_CSV_ERRORS);
    expect(result.omitted).toBe(2000 - MAX_CSV_ERRORS);
    expect(result.rows).toHaveLength(1001);
  });

  it('hands the records out in batches of the given size, in file order', () => {
    const text = `h\n${Array.from({ length: 25 }, (_, i) => `r${i}`).join('\n')}\n`;
    const batches = [...csvRecordBatches(new TextEncoder().encode(text), 10)];
    expect(batches.map((b) => b.length)).toEqual([10, 10, 6]);
    expect(batches.flat().map((r) => r.fields[0])).toEqual(['h', ...Array.from({ length: 25 }, (_, i) => `r${i}`)]);
  });
});
