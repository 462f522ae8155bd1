import { strToU8, Zip, ZipDeflate, zipSync } from 'fflate';

// Spreadsheets made on the fly for the streaming reader's tests and its memory script: an XLSX of any number of
// rows, written the way Moodle's writers do (inline strings for the people, a sparse header, omitted empty cells),
// with the shared strings *after* the sheet as Excel stores them, so the reader must find them first.

const XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

export const LARGE_XLSX_HEADER = ['', 'Email address', 'A1 技术支持的学情分析'];

/** What row `row` (from 2) of `largeXlsx` holds, by column: the status is left out on every fifth row. */
export function largeXlsxRow(row: number): string[] {
  const i = row - 2;
  const date = `2026-01-${String(1 + (i % 28)).padStart(2, '0')} 10:30:00`;
  return i % 5 === 4
    ? [`教师 ${i}`, `t${i}@teachers.example.com`, '', date]
    : [`教师 ${i}`, `t${i}@teachers.example.com`, i % 3 ? 'Completed' : 'Not completed', date];
}

/** Excel's serial number for `YYYY-MM-DD HH:MM:SS` (wall clock, no zone). */
const serial = (text: string) => Date.parse(`${text.replace(' ', 'T')}Z`) / 86_400_000 + 25569;

function sheetRow(row: number): string {
  const [name, email, status, date] = largeXlsxRow(row);
  const inline = (ref: string, text: string) => `<c r="${ref}${row}" t="inlineStr"><is><t>${text}</t></is></c>`;
  const shared = status === 'Completed' ? 0 : 1;
  const statusCell = status ? `<c r="C${row}" t="s"><v>${shared}</v></c>` : '';
  return `<row r="${row}">${inline('A', name!)}${inline('B', email!)}${statusCell}<c r="D${row}" s="1"><v>${serial(date!)}</v></c></row>`;
}

/** The package parts other than the sheet and the shared strings. */
function packageParts(): Record<string, Uint8Array> {
  return {
    '[Content_Types].xml': strToU8(
      `${XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>`,
    ),
    'xl/workbook.xml': strToU8(
      `${XML}<workbook xmlns="${MAIN}" xmlns:r="${REL}"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    ),
    'xl/_rels/workbook.xml.rels': strToU8(
      `${XML}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
        `<Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/>` +
        `<Relationship Id="rId2" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/>` +
        `<Relationship Id="rId3" Type="${REL}/styles" Target="styles.xml"/></Relationships>`,
    ),
    'xl/styles.xml': strToU8(
      `${XML}<styleSheet xmlns="${MAIN}"><numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd hh:mm:ss"/></numFmts>` +
        `<cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="164" applyNumberFormat="1"/></cellXfs></styleSheet>`,
    ),
  };
}

const SHARED_STRINGS = `${XML}<sst xmlns="${MAIN}" count="2" uniqueCount="2"><si><t>Completed</t></si><si><r><t>Not </t></r><r><t>completed</t></r></si></sst>`;

/**
 * An XLSX with a header (A1 omitted, no header over the date column D) and `rows` data rows, deflated as it is
 * written: the sheet's XML is never one string, so a million-row file costs the archive's bytes only.
 */
export function largeXlsx(rows: number): Uint8Array {
  const head = `<row r="1"><c r="B1" t="inlineStr"><is><t>Email address</t></is></c><c r="C1" t="inlineStr"><is><t>A1 技术支持的学情分析</t></is></c></row>`;
  return xlsxOfRows(head, rows, sheetRow);
}

/** An XLSX of a header row and `rows` rows of inline strings (`cellsOf(i)` for i from 0), streamed as above. */
export function xlsxOfTable(header: string[], rows: number, cellsOf: (i: number) => string[]): Uint8Array {
  const rowXml = (row: number, cells: string[]) =>
    `<row r="${row}">${cells.map((text) => `<c t="inlineStr"><is><t>${text}</t></is></c>`).join('')}</row>`;
  return xlsxOfRows(rowXml(1, header), rows, (row) => rowXml(row, cellsOf(row - 2)));
}

function xlsxOfRows(head: string, rows: number, rowXml: (row: number) => string): Uint8Array {
  const out: Uint8Array[] = [];
  const zip = new Zip((err, data) => {
    if (err) throw err;
    out.push(data);
  });
  for (const [name, data] of Object.entries(packageParts())) {
    const part = new ZipDeflate(name, { level: 1 });
    zip.add(part);
    part.push(data, true);
  }
  const sheet = new ZipDeflate('xl/worksheets/sheet1.xml', { level: 1 });
  zip.add(sheet);
  sheet.push(strToU8(`${XML}<worksheet xmlns="${MAIN}"><dimension ref="A1:D${rows + 1}"/><sheetData>${head}`));
  for (let from = 2; from <= rows + 1; from += 2_000) {
    const parts: string[] = [];
    for (let row = from; row < Math.min(from + 2_000, rows + 2); row++) parts.push(rowXml(row));
    sheet.push(strToU8(parts.join('')));
  }
  sheet.push(strToU8('</sheetData><mergeCells count="1"><mergeCell ref="A1:A2"/></mergeCells></worksheet>'), true);
  const strings = new ZipDeflate('xl/sharedStrings.xml', { level: 1 });
  zip.add(strings);
  strings.push(strToU8(SHARED_STRINGS), true);
  zip.end();
  const bytes = new Uint8Array(out.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of out) {
    bytes.set(c, at);
    at += c.length;
  }
  return bytes;
}

/** A small XLSX whose first sheet is the given XML (a hand-made variant: malformed, hostile, unusual). */
export function xlsxWithSheet(sheetXml: string, strings = SHARED_STRINGS): Uint8Array {
  return zipSync({
    ...packageParts(),
    'xl/worksheets/sheet1.xml': strToU8(sheetXml),
    'xl/sharedStrings.xml': strToU8(strings),
  });
}

export const sheetXml = (rows: string) => `${XML}<worksheet xmlns="${MAIN}"><sheetData>${rows}</sheetData></worksheet>`;
