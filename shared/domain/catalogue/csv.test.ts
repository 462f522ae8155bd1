import { describe, expect, it } from 'vitest';
import { MAX_CSV_ERRORS, parseCsv, parseCsvCapped } from './csv';

const fields = (text: string) => parseCsv(text).records.map((r) => r.fields);

describe('parseCsv (RFC 4180)', () => {
  it('splits plain records on commas and line breaks', () => {
    expect(fields('a,b,c\n1,2,3\n')).toEqual([
      ['a', 'b', 'c'],
      ['1', '2', '3'],
    ]);
  });

  it('accepts CRLF, LF and CR line ends and a missing final line break', () => {
    expect(fields('a,b\r\n1,2\r3,4\n5,6')).toEqual([
      ['a', 'b'],
      ['1', '2'],
      ['3', '4'],
      ['5', '6'],
    ]);
  });

  it('strips a UTF-8 BOM', () => {
    expect(fields('\uFEFF编码,名称\nA1,学情分析')[0]).toEqual(['编码', '名称']);
  });

  it('keeps commas, doubled quotes and line breaks inside quoted fields', () => {
    expect(fields('"a,b","say ""hi""","line1\r\nline2",""\n')).toEqual([['a,b', 'say "hi"', 'line1\r\nline2', '']]);
  });

  it('keeps empty fields, including a trailing one', () => {
    expect(fields('a,,c,\n')).toEqual([['a', '', 'c', '']]);
  });

  it('numbers rows as a spreadsheet does: multi-line cells are one row, blank lines still count', () => {
    const result = parseCsv('h1,h2\n"x\ny",1\n\nz,2\n');
    expect(result.records.map((r) => r.row)).toEqual([1, 2, 4]);
    expect(result.errors).toEqual([]);
  });

  it('reports an unterminated quote with the row where it started', () => {
    const result = parseCsv('a,b\n1,"open\n2,3\n');
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]?.row).toBe(2);
    expect(result.errors[0]?.message.zh).toBe('引号未闭合（从第 2 行开始）');
    expect(result.errors[0]?.message.en).toBe('Unclosed quote (starting on row 2)');
  });

  it('reports a stray quote once per field but keeps the text', () => {
    const result = parseCsv('a,b\nx"y"z,"ok"tail\n');
    expect(result.errors.map((e) => [e.row, e.message.en])).toEqual([
      [2, 'Row 2: a quote appears inside an unquoted field'],
      [2, 'Row 2: a quote appears inside an unquoted field'],
    ]);
    expect(result.records[1]?.fields).toEqual(['x"y"z', 'oktail']);
  });

  it('returns no records for an empty input', () => {
    expect(parseCsv('')).toEqual({ records: [], errors: [] });
    expect(parseCsv('\uFEFF')).toEqual({ records: [], errors: [] });
  });
});

describe('parseCsvCapped', () => {
  it('keeps the first records and counts all of them, blank lines not counted', () => {
    const result = parseCsvCapped('h\n1\n\n2\n3\n4\n', 3);
    expect(result.records.map((r) => [r.row, r.fields])).toEqual([
      [1, ['h']],
      [2, ['1']],
      [4, ['2']],
    ]);
    expect(result.total).toBe(5);
    expect(parseCsvCapped('h\n1\n', 10)).toEqual({ ...parseCsv('h\n1\n'), total: 2 });
  });
});

describe('parse errors are capped', () => {
  it('a stray quote in every field of 10,000 rows lists MAX_CSV_ERRORS errors and counts the rest', () => {
    const rows = Array.from({ length: 10_000 }, () => 'a"b,c"d,e"f').join('\n');
    const result = parseCsv(`h1,h2,h3\n${rows}\n`);
    expect(result.records).toHaveLength(10_001);
    expect(result.errors).toHaveLength(MAX_CSV_ERRORS);
    expect(result.errors[0]?.row).toBe(2);
    expect(result.errorsOmitted).toBe(30_000 - MAX_CSV_ERRORS);
    const capped = parseCsvCapped(`h\n${rows}\n`, 10);
    expect(capped.errors).toHaveLength(MAX_CSV_ERRORS);
    expect(capped.errorsOmitted).toBe(30_000 - MAX_CSV_ERRORS);
  });
});
