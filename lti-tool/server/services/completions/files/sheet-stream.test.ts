import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import {
  LARGE_XLSX_HEADER,
  largeXlsx,
  largeXlsxRow,
  sheetXml,
  xlsxWithSheet,
} from '../../../../../test/helpers/large-sheets';
import { MAX_UNZIPPED_BYTES, openSheet, readSheet } from './spreadsheet';

// XLSX and ODS are inflated and parsed as a stream: the rows of one batch are in memory, never the sheet.

/** The heap after a full collection (V8's gc, reached from a test without a command-line flag). */
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const heapAfterGc = () => {
  gc();
  return process.memoryUsage().heapUsed;
};

/** Sets the central directory's declared size of `name` (a header that lies, or a bomb's claim). */
function declareSize(bytes: Uint8Array, name: string, size: number): Uint8Array {
  const copy = bytes.slice();
  const view = new DataView(copy.buffer);
  const wanted = new TextEncoder().encode(name);
  for (let at = 0; at + 46 < copy.length; at++) {
    if (view.getUint32(at, true) !== 0x02014b50 || view.getUint16(at + 28, true) !== wanted.length) continue;
    if (copy.subarray(at + 46, at + 46 + wanted.length).every((b, i) => b === wanted[i])) {
      view.setUint32(at + 24, size, true);
      return copy;
    }
  }
  throw new Error(`no entry ${name}`);
}

describe('XLSX read as a stream', () => {
  it('200,000 rows: every cell by its reference, counted first, and the heap stays flat from batch to batch', async () => {
    const rows = 200_000;
    const bytes = largeXlsx(rows);
    const sheet = await openSheet(bytes, 'large.xlsx');
    expect(sheet).toMatchObject({ format: 'xlsx', header: LARGE_XLSX_HEADER, rows, width: 4, problems: [] });

    const heap: number[] = [];
    let seen = 0;
    let mismatches = 0;
    for (const batch of sheet.batches(10_000)) {
      for (const { row, cells } of batch) {
        const want = largeXlsxRow(row);
        if (cells.length !== want.length || cells.some((c, i) => c !== want[i])) mismatches++;
      }
      expect(batch[0]!.row).toBe(seen + 2);
      seen += batch.length;
      heap.push(heapAfterGc());
    }
    expect({ seen, mismatches }).toEqual({ seen: rows, mismatches: 0 });
    // The first two batches warm the parser up; from then on the heap must not grow with the rows read. Holding
    // them would add ~0.7 KB a row, 137 MB for this file (measured by scripts/bench-sheet-heap.ts).
    const settled = heap.slice(2);
    const growth = Math.max(...settled) - settled[0]!;
    expect(growth / 1024 / 1024).toBeLessThan(4);
  });

  it('shared strings stored after the sheet, rich text, booleans, errors, formulas, date styles, sparse rows', async () => {
    const bytes = xlsxWithSheet(
      sheetXml(
        '<row r="2"><c r="C2" t="s"><v>1</v></c><c r="E2" t="b"><v>1</v></c></row>' +
          '<row r="4"><c t="inlineStr"><is><r><t>a</t></r><r><t xml:space="preserve"> b </t></r></is></c><c><v>87.50</v></c>' +
          '<c r="D4" t="e"><v>#N/A</v></c><c r="E4" s="1"><v>46031.5</v></c><c r="F4"><f>1+1</f><v>2</v></c>' +
          '<c r="G4" t="str"><f>"x"</f><v>x &amp; y</v></c><c r="H4" s="1"/></row>',
      ),
    );
    const read = await readSheet(bytes, 'x.xlsx');
    expect(read.header).toEqual(['', '', 'Not completed', '', 'true']);
    expect(read.rows).toEqual([{ row: 4, cells: ['a b ', '87.5', '', '', '2026-01-09 12:00:00', '2', 'x & y'] }]);
  });

  it('refuses a zip bomb by its declared sizes, a lying header, malformed XML, a DOCTYPE and runaway columns', async () => {
    const small = largeXlsx(50);
    const refused = async (bytes: Uint8Array) => {
      try {
        await openSheet(bytes, 'x.xlsx');
      } catch (err) {
        return (err as Error).message;
      }
      return 'read';
    };
    // Declared past the limit: refused before anything is inflated.
    expect(await refused(declareSize(small, 'xl/worksheets/sheet1.xml', MAX_UNZIPPED_BYTES + 1))).toBe(
      'archive expands beyond the size limit',
    );
    // Declared small, inflates larger: stopped at the declared size.
    expect(await refused(declareSize(small, 'xl/worksheets/sheet1.xml', 1000))).toBe('damaged zip archive');
    expect(await refused(small.subarray(0, small.length - 30))).toBe('damaged zip archive');
    expect(await refused(xlsxWithSheet(sheetXml('<row r="1"><c r="A1"><v>1</v></row>')))).toMatch(
      /^the workbook has no readable first sheet: /,
    );
    const laughs =
      '<?xml version="1.0"?><!DOCTYPE lol [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>' +
      '<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&b;</t></is></c></row></sheetData></worksheet>';
    expect(await refused(xlsxWithSheet(laughs))).toBe('a DOCTYPE in a spreadsheet part');
    expect(await refused(xlsxWithSheet(sheetXml('<row r="1"><c r="XFE1"><v>1</v></c></row>')))).toBe(
      'a cell beyond column 16384',
    );
    expect(await refused(zipSync({ 'xl/workbook.xml': strToU8('<workbook/>') }))).toBe(
      'the workbook has no readable first sheet',
    );
  });

  it('over the row limit: counted to the end and refused as a file problem, none of its rows kept', async () => {
    const sheet = await openSheet(largeXlsx(120), 'x.xlsx', 100);
    expect(sheet).toMatchObject({ rows: 120, tooManyRows: true });
    expect(sheet.problems[0]).toMatch(/本文件有 120 行/);
  });
});

describe('ODS read as a stream', () => {
  it('a row repeated past a batch: each copy numbered, batches cut at the size asked', async () => {
    const content =
      '<office:document-content xmlns:office="o" xmlns:table="t" xmlns:text="x"><office:body><office:spreadsheet>' +
      '<table:table><table:table-row><table:table-cell office:value-type="string"><text:p>h</text:p></table:table-cell></table:table-row>' +
      '<table:table-row table:number-rows-repeated="25"><table:table-cell office:value-type="float" office:value="1"/></table:table-row>' +
      '<table:table-row table:number-rows-repeated="1048000"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>' +
      '</table:table></office:spreadsheet></office:body></office:document-content>';
    const sheet = await openSheet(zipSync({ 'content.xml': strToU8(content) }), 'x.ods');
    expect(sheet).toMatchObject({ format: 'ods', header: ['h'], rows: 25, width: 1 });
    const batches = [...sheet.batches(10)];
    expect(batches.map((b) => b.length)).toEqual([10, 10, 5]);
    expect(batches.flat().map((r) => r.row)).toEqual(Array.from({ length: 25 }, (_, i) => i + 2));
  });
});
