import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { readSheet } from '../spreadsheet';
import { readCompletions, type FileMapping } from './index';

const EXPORTS = join(__dirname, '../../../../../../test/fixtures/moodle-5.1/exports');
const exportFile = (name: string) => new Uint8Array(readFileSync(join(EXPORTS, name)));
const context = { fileName: 'x', fileSha256: '0', utcOffset: '+08:00' };
const read = async (bytes: Uint8Array, name: string, mapping: FileMapping = {}) =>
  readCompletions(await readSheet(bytes, name), mapping, context);

/** Rewrites one part of an XLSX package (hand-made variants of the real exports). */
function editXlsx(bytes: Uint8Array, part: string, edit: (xml: string) => string): Uint8Array {
  const files = unzipSync(bytes);
  files[part] = strToU8(edit(strFromU8(files[part]!)));
  return zipSync(files);
}

describe('Moodle layouts on hand-made variants of the real exports', async () => {
  it('sparse XLSX header: an activity whose date header Moodle omitted is still read (cells by reference)', async () => {
    // B2 without an expected completion date: Moodle leaves the M1 header cell out, so the header ends at L1.
    const variant = editXlsx(exportFile('activity-completion.xlsx'), 'xl/worksheets/sheet1.xml', (xml) =>
      xml.replace(/<c r="M1"[^>]*>.*?<\/c>/, ''),
    );
    const reading = await read(variant, 'activity-completion.xlsx');
    expect(reading.layout).toBe('moodle-activity-completion');
    const b2 = reading.items.filter((i) => i.courseRef.startsWith('B2') && i.claim);
    expect(b2.length).toBeGreaterThan(0);
    expect(reading.items.filter((i) => i.courseRef.startsWith('B2')).length).toBe(14);
    expect(reading.warnings).toEqual([]);
  });

  it('a column that holds data but cannot be mapped is named in the warnings, never dropped silently', async () => {
    const csv = new TextDecoder().decode(exportFile('course-completion.csv'));
    const lines = csv.trimEnd().split('\n');
    const variant = lines.map((line, i) => `${line},${i === 0 ? '' : `x${i}`}`).join('\n') + '\n';
    const reading = await read(new TextEncoder().encode(variant), 'c.csv');
    expect(reading.layout).toBe('moodle-course-completion');
    expect(reading.warnings.join('\n')).toMatch(/第 16 列/);
  });

  it('grade exports invent no completion time: without an effective date the rows wait and say why', async () => {
    const reading = await read(exportFile('grades.csv'), 'grades.csv');
    expect(reading.items.some((i) => i.claim)).toBe(false);
    const graded = reading.items.filter((i) => i.skipped?.code === 'no_completion_time');
    expect(graded.length).toBeGreaterThan(0);
    expect(graded[0]?.skipped?.zh).toMatch(/生效日期/);
  });

  it('grade exports with an admin-given effective date are dated by it, and the rule is recorded', async () => {
    const reading = await read(exportFile('grades.xlsx'), 'grades.xlsx', { effectiveDate: '2026-01-20' });
    const claims = reading.items.flatMap((i) => (i.claim ? [i.claim] : []));
    expect(claims.length).toBeGreaterThan(0);
    expect(claims.every((c) => c.completedAt.toISOString() === '2026-01-19T16:00:00.000Z')).toBe(true);
    expect(claims[0]?.evidence).toMatchObject({ dateRule: 'effective_date' });
  });
});
