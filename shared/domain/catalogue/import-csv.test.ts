import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { getCatalogue } from '../../programmes/registry';
import { importCatalogueCsv, type CsvImportOptions } from './import-csv';

const fixture = (name: string) =>
  readFileSync(new URL(`../../../test/fixtures/engine/catalogues/${name}`, import.meta.url), 'utf8');
const national = getCatalogue('national-2.0');
const options: CsvImportOptions = {
  id: 'example-district-csv',
  name: { zh: '示例区目录', en: 'Example district catalogue' },
  environments: national.environments,
  dimensions: national.dimensions,
};

describe('importCatalogueCsv: the valid sample (Chinese headers, BOM, CRLF, quoted multi-line cells)', () => {
  const result = importCatalogueCsv(fixture('institution-valid.csv'), options);

  it('returns a catalogue with one ability per code and one slot per row', () => {
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const { abilities } = result.catalogue;
    expect(abilities.map((a) => a.code)).toEqual(['A1', 'A3', 'B6', 'A11']);
    expect(abilities.map((a) => a.evidence.slots.length)).toEqual([2, 2, 1, 1]);
  });

  it('maps environments and dimensions given as ids, names or a short Chinese name', () => {
    if (!result.ok) throw new Error('expected ok');
    const [a1, a3, b6, a11] = result.catalogue.abilities;
    expect([a1?.environment, a1?.dimension]).toEqual(['A', 'learner-analysis']);
    expect([a3?.environment, a3?.dimension]).toEqual(['A', 'instructional-design']); // 多媒体 → A
    expect([b6?.environment, b6?.dimension]).toEqual(['B', 'learning-guidance']);
    expect(a11?.dimension).toBe('assessment');
  });

  it('reads kinds, required flags and limits', () => {
    if (!result.ok) throw new Error('expected ok');
    const a1 = result.catalogue.abilities[0];
    expect(a1?.evidence.slots[1]).toMatchObject({
      id: 'analysis-report',
      kind: 'video',
      required: true,
      limits: { extensions: ['mp4'], maxSizeMb: 300, maxVideoMinutes: 5 },
    });
    const a3 = result.catalogue.abilities[1];
    expect(a3?.evidence.slots.map((s) => [s.kind, s.required])).toEqual([
      ['slides', true],
      ['text', false],
    ]);
    expect(a3?.evidence.slots[0]?.limits.extensions).toEqual(['ppt', 'pptx', 'enbx']);
    expect(a3?.evidence.slots[1]?.name.zh).toBe('制作说明（含"设计思路"）');
    expect(a3?.evidence.rubric.pass.map((c) => c.zh)).toEqual(['结构清晰', '图文适当']);
  });

  it('warns about the unknown column and the missing English name without failing', () => {
    expect(result.warnings.map((w) => [w.row, w.field, w.message.en])).toEqual([
      [1, '备注', 'Unknown column "备注" was ignored'],
      [7, 'nameEn', 'A11 has no English name; the Chinese name is used'],
    ]);
    if (!result.ok) throw new Error('expected ok');
    expect(result.catalogue.abilities[3]?.name).toEqual({ zh: '评价量规设计与应用', en: '评价量规设计与应用' });
  });
});

describe('importCatalogueCsv: the invalid sample', () => {
  const result = importCatalogueCsv(fixture('institution-invalid.csv'), options);
  const errors = result.ok ? [] : result.errors;
  const at = (row: number) => errors.filter((e) => e.row === row).map((e) => e.field);

  it('fails and reports every problem with its row and column', () => {
    expect(result.ok).toBe(false);
    expect(at(2)).toEqual(['environment']);
    expect(at(4)).toEqual(['nameZh', 'slotId']); // inconsistent name, duplicate slot
    expect(at(5)).toEqual(['kind', 'required', 'maxSizeMb']);
    expect(at(6)).toEqual(['code']);
    expect(at(7)).toEqual(['dimension', 'slotNameZh', 'maxVideoMinutes']);
    expect(at(8)).toEqual(['passCriteria', 'excellentCriteria', 'required']);
    expect(at(9)).toEqual(['(file)']);
    expect(errors).toHaveLength(14);
  });

  it('words each error in Chinese and English', () => {
    const dimension = errors.find((e) => e.row === 7 && e.field === 'dimension');
    expect(dimension?.message.zh).toMatch(/^“能力维度”的值“未知维度”无效，可选：learner-analysis、学情分析/);
    expect(dimension?.message.en).toMatch(
      /^"dimension" has the invalid value "未知维度"; allowed: learner-analysis, 学情分析/,
    );
    const inconsistent = errors.find((e) => e.row === 4 && e.field === 'nameZh');
    expect(inconsistent?.message.zh).toBe('A1 的“能力点名称”与第 3 行不一致');
    expect(inconsistent?.message.en).toBe('"name_zh" of A1 differs from row 3');
  });
});

describe('importCatalogueCsv: headers', () => {
  const header =
    'code,name_zh,name_en,environment,dimension,slot_id,slot_name_zh,kind,required,pass_criteria,excellent_criteria';

  it('accepts English headers in any case and order', () => {
    const text = `${header.toUpperCase()}\nA1,学情分析,analysis,A,learner-analysis,plan,方案,document,yes,完整,优秀\n`;
    const result = importCatalogueCsv(text, options);
    expect(result.ok).toBe(true);
  });

  it('lists every missing required column with the headers it accepts', () => {
    const result = importCatalogueCsv('code,name_zh\nA1,学情分析\n', options);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => e.field)).toEqual([
      'environment',
      'dimension',
      'slotId',
      'slotNameZh',
      'kind',
      'required',
    ]);
    expect(result.errors[0]?.message.zh).toBe(
      '缺少必需的列“所属环境”（可用表头：environment、所属环境、env、环境、教学环境）',
    );
  });

  it('rejects a file with only a header', () => {
    const result = importCatalogueCsv(`${header}\n`, options);
    expect(result.ok ? [] : result.errors.map((e) => e.message.en)).toEqual(['The file has no data rows']);
  });

  it('reports a short row', () => {
    const result = importCatalogueCsv(
      `${header}\nA1,学情分析,analysis,A,learner-analysis,plan,方案,document,yes,完整\n`,
      options,
    );
    expect(result.ok ? [] : result.errors.map((e) => e.message.en)).toContain('Row 2 has 10 fields; the header has 11');
  });
});
