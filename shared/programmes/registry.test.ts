import { describe, expect, it } from 'vitest';
import { getCatalogue, getProgramme, listCatalogues, listProgrammes } from './registry';

describe('shipped programmes', () => {
  it('lists the national 2.0, Henan 2.0, national 1.0 and Guangdong 1.0 programmes', () => {
    expect(listProgrammes().map((p) => [p.id, p.edition, p.catalogueId])).toEqual([
      ['cn-national-2.0', '2.0', 'national-2.0'],
      ['cn-henan-2.0', '2.0', 'national-2.0'],
      ['cn-national-1.0', '1.0', 'national-1.0'],
      ['cn-guangdong-1.0', '1.0', 'national-1.0'],
    ]);
  });

  it('national 2.0: 50 h, practice ≥ 50 %, 3 abilities over 3 dimensions, environment mapping as inference', () => {
    const p = getProgramme('cn-national-2.0');
    expect(p.hours.totalMin.value).toBe(50);
    expect(p.hours.practiceShareMinPercent.value).toBe(50);
    expect(p.selection?.minAbilities.value).toBe(3);
    expect(p.selection?.minDimensions.value).toBe(3);
    expect(p.selection?.environmentsBySchool.value).toEqual({
      multimedia: ['A'],
      blended: ['A', 'B'],
      smart: ['A', 'B', 'C'],
    });
    expect(p.selection?.environmentsBySchool.confidence).toBe('inference');
    expect(p.period.deadline.value).toBe('2022-12-31');
  });

  it('Henan 2.0: 20 online + 30 practice by 2023', () => {
    const p = getProgramme('cn-henan-2.0');
    expect([p.hours.onlineMin.value, p.hours.practiceMin.value, p.hours.totalMin.value]).toEqual([20, 30, 50]);
    expect(p.period.deadline.value?.slice(0, 4)).toBe('2023');
    expect(p.hours.practiceMin.sources).toContain('S8');
  });

  it('1.0: a self-assessment gate over 45 indicators, hour rules marked unverified', () => {
    const p = getProgramme('cn-national-1.0');
    expect(p.selection).toBeNull();
    expect(p.selfAssessment?.gatesCourses.value).toBe(true);
    expect(p.selfAssessment?.indicatorCount.value).toBe(45);
    expect(p.hours.totalMin.confidence).toBe('unverified');
    expect(p.hours.practiceShareMinPercent.confidence).toBe('unverified');
  });

  it('every unsettled parameter carries a confidence tag and, for null defaults, a note', () => {
    for (const { id } of listProgrammes()) {
      const p = getProgramme(id);
      for (const [name, param] of Object.entries(p.hours)) {
        expect(param.confidence, `${id} hours.${name}`).toBeTruthy();
        if (param.value === null) expect(param.note, `${id} hours.${name}`).toBeDefined();
      }
    }
  });

  it('throws for an unknown programme, naming the known ones', () => {
    expect(() => getProgramme('cn-mars-2.0')).toThrow(/cn-national-2\.0, cn-henan-2\.0, cn-national-1\.0/);
  });
});

describe('national 2.0 catalogue', () => {
  const catalogue = getCatalogue('national-2.0');
  const count = <T>(items: T[], key: (item: T) => string) =>
    items.reduce<Record<string, number>>((acc, item) => ({ ...acc, [key(item)]: (acc[key(item)] ?? 0) + 1 }), {});

  it('has 30 abilities split 13/10/7 over A/B/C', () => {
    expect(catalogue.abilities).toHaveLength(30);
    expect(count(catalogue.abilities, (a) => a.environment)).toEqual({ A: 13, B: 10, C: 7 });
  });

  it('has 3/7/12/8 abilities per dimension, as domain.md infers', () => {
    expect(count(catalogue.abilities, (a) => a.dimension)).toEqual({
      'learner-analysis': 3,
      'instructional-design': 7,
      'learning-guidance': 12,
      assessment: 8,
    });
  });

  it('maps the confidence column: confirmed, one source, best available, name unknown with a placeholder', () => {
    const status = Object.fromEntries(catalogue.abilities.map((a) => [a.code, a.verification.status]));
    expect([status.A1, status.A3, status.B6]).toEqual(['confirmed', 'confirmed', 'confirmed']);
    expect(status.B2).toBe('one-source');
    expect(status.A2).toBe('best-available');
    for (const code of ['B1', 'B9', 'C1', 'C4']) {
      const ability = catalogue.abilities.find((a) => a.code === code);
      expect(ability?.verification.status, code).toBe('name-unknown');
      expect(ability?.name.zh, code).toMatch(/^【名称待核实】/);
    }
  });

  it('uses the domain specifics for A1 (plan + video report ≤ 5 min, rubric from S4)', () => {
    const a1 = catalogue.abilities.find((a) => a.code === 'A1');
    expect(a1?.evidence.slots.map((s) => [s.id, s.kind, s.required, s.limits.maxVideoMinutes])).toEqual([
      ['analysis-plan', 'document', true, undefined],
      ['analysis-report', 'video', true, 5],
    ]);
    expect(a1?.evidence.rubric.confidence).toBe('one-source');
    expect(a1?.evidence.rubric.excellent.map((c) => c.zh)).toContain('分析结果可导出、可复用');
  });

  it('uses the domain specifics for A3, A5, A6 and B2, and the inferred default template elsewhere', () => {
    const slots = (code: string) => catalogue.abilities.find((a) => a.code === code)?.evidence;
    expect(slots('A3')?.slots.map((s) => s.kind)).toEqual(['document', 'slides', 'video']);
    expect(slots('A3')?.slots[1]?.limits.extensions).toContain('enbx');
    expect(slots('A5')?.slots.map((s) => s.kind)).toEqual(['document', 'video']);
    expect(slots('A6')?.slots.map((s) => [s.kind, s.required])).toEqual([
      ['document', true],
      ['video', true],
      ['text', false],
    ]);
    expect(slots('B2')?.slots.find((s) => s.kind === 'video')?.limits.maxVideoMinutes).toBe(10);
    expect(slots('A2')?.confidence).toBe('inference');
    expect(slots('C7')?.slots.map((s) => s.id)).toEqual([
      'lesson-design',
      'classroom-clip',
      'reflection',
      'student-feedback',
    ]);
  });
});

describe('national 1.0 catalogue', () => {
  const catalogue = getCatalogue('national-1.0');

  it('has topics T1–T27 in the parts and groups of domain.md §7', () => {
    expect(catalogue.topics.map((t) => t.code)).toEqual(Array.from({ length: 27 }, (_, i) => `T${i + 1}`));
    const where = (code: string) => {
      const topic = catalogue.topics.find((t) => t.code === code);
      return [topic?.part, topic?.group];
    };
    expect(where('T7')).toEqual(['part-i', 'technical-literacy']);
    expect(where('T10')).toEqual(['part-i', 'integrated']);
    expect(where('T15')).toEqual(['part-i', 'thematic']);
    expect(where('T16')).toEqual(['part-ii', 'technical-literacy']);
    expect(where('T20')).toEqual(['part-ii', 'integrated']);
    expect(where('T24')).toEqual(['part-ii', 'thematic']);
    expect(where('T25')).toEqual(['shared', 'professional-development']);
  });

  it('has the five 1.0 dimensions', () => {
    expect(catalogue.dimensions.map((d) => d.name.zh)).toEqual([
      '技术素养',
      '计划与准备',
      '组织与管理',
      '评估与诊断',
      '学习与发展',
    ]);
  });

  it('is listed with the 2.0 catalogue', () => {
    expect(listCatalogues().map((c) => c.id)).toEqual(['national-2.0', 'national-1.0']);
  });
});
