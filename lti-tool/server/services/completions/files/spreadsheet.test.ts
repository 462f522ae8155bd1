import ExcelJS from 'exceljs';
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { MAX_CSV_ERRORS } from '../../../../../shared/domain';
import { MAX_SHEET_ROWS, readSheet } from './spreadsheet';

describe('readSheet', () => {
  it('XLSX through exceljs: cells by reference, rich text, dates as wall-clock text, formula guard undone', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Sheet1');
    sheet.getCell('A1').value = '邮箱';
    sheet.getCell('C1').value = '完成时间'; // B1 omitted, as Moodle omits empty cells
    sheet.getCell('A2').value = { richText: [{ text: 't001@' }, { text: 'example.cn' }] };
    sheet.getCell('C2').value = new Date(Date.UTC(2026, 0, 8, 10, 5, 0));
    sheet.getCell('D2').value = "'=1+1";
    const bytes = new Uint8Array(await workbook.xlsx.writeBuffer());
    const read = await readSheet(bytes, 'x.xlsx');
    expect(read.format).toBe('xlsx');
    expect(read.header).toEqual(['邮箱', '', '完成时间']);
    expect(read.rows).toEqual([{ row: 2, cells: ['t001@example.cn', '', '2026-01-08 10:05:00', '=1+1'] }]);
  });

  it('ODS through saxes: repeated cells and rows, typed values, spaces kept, trailing repeats dropped', async () => {
    const content = `<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:spreadsheet>
<table:table table:name="Grades">
<table:table-row><table:table-cell office:value-type="string"><text:p>First<text:s/>name</text:p></table:table-cell><table:table-cell table:number-columns-repeated="2"/><table:table-cell office:value-type="string"><text:p>Grade &amp; total</text:p></table:table-cell></table:table-row>
<table:table-row table:number-rows-repeated="2"><table:table-cell office:value-type="string"><text:p>王</text:p></table:table-cell><table:table-cell table:number-columns-repeated="2"/><table:table-cell office:value-type="float" office:value="87.5"><text:p>87.50</text:p></table:table-cell></table:table-row>
<table:table-row table:number-rows-repeated="1048570"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>
</table:table>
<table:table table:name="Other"><table:table-row><table:table-cell office:value-type="string"><text:p>ignored</text:p></table:table-cell></table:table-row></table:table>
</office:spreadsheet></office:body></office:document-content>`;
    const bytes = zipSync({
      mimetype: strToU8('application/vnd.oasis.opendocument.spreadsheet'),
      'content.xml': strToU8(content),
    });
    const read = await readSheet(bytes, 'grades.ods');
    expect(read.format).toBe('ods');
    expect(read.header).toEqual(['First name', '', '', 'Grade & total']);
    expect(read.rows).toEqual([
      { row: 2, cells: ['王', '', '', '87.5'] },
      { row: 3, cells: ['王', '', '', '87.5'] },
    ]);
  });

  it('refuses more rows than the limit as a file problem, and broken archives as unreadable', async () => {
    const csv = `a\n${'x\n'.repeat(MAX_SHEET_ROWS + 1)}`;
    const read = await readSheet(new TextEncoder().encode(csv), 'big.csv');
    expect(read.problems.join()).toContain(`at most ${MAX_SHEET_ROWS}`);
    // Chinese first: the limit, what the file holds and the fix.
    expect(read.problems[0]).toMatch(
      new RegExp(
        `^行数超过上限：每个文件最多 ${MAX_SHEET_ROWS} 行数据，本文件有 ${MAX_SHEET_ROWS + 1} 行.*请把文件拆分`,
      ),
    );
    expect(read.rows).toEqual([]); // a refused file keeps none of its rows
    await expect(readSheet(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]), 'x.xlsx')).rejects.toThrow(/zip/);
    await expect(readSheet(zipSync({ 'a.txt': strToU8('hi') }), 'x.xlsx')).rejects.toThrow(/neither/);
  });

  it('a hostile CSV (a stray quote in every field) yields a capped list of file problems and counts the rest', async () => {
    const line = Array.from({ length: 50 }, () => 'x"y').join(',');
    const csv = `teacher_email,course_ref,completed_at\n${Array.from({ length: 2_000 }, () => line).join('\n')}\n`;
    const read = await readSheet(new TextEncoder().encode(csv), 'hostile.csv');
    expect(read.problems).toHaveLength(MAX_CSV_ERRORS + 1);
    expect(read.problems.at(-1)).toBe(
      `另有 ${100_000 - MAX_CSV_ERRORS} 处 CSV 格式错误未逐一列出 / ${100_000 - MAX_CSV_ERRORS} more CSV format errors not listed`,
    );
  });
});
