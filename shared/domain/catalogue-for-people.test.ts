import { describe, expect, it } from 'vitest';
import { catalogueForPeople, plainName } from './catalogue-for-people';
import { getCatalogue } from './index';

const INTERNAL = /核实|推断|未找到官方值|待核实|unverified|inferred|verify|name unknown/i;

describe('the catalogue teachers and assessors read', () => {
  it('keeps names and rules and drops every verification note and placeholder', () => {
    const raw = getCatalogue('national-2.0');
    expect(JSON.stringify(raw)).toMatch(INTERNAL);
    const shown = catalogueForPeople(raw);
    const texts = shown.abilities.flatMap((a) => [
      a.name.zh,
      a.name.en,
      ...a.evidence.slots.flatMap((s) => [s.name.zh, s.name.en, s.note?.zh ?? '']),
      a.evidence.note?.zh ?? '',
      a.verification.note?.zh ?? '',
    ]);
    for (const text of texts) expect(text).not.toMatch(INTERNAL);
    expect(shown.abilities.map((a) => a.evidence.slots.map((s) => s.limits))).toEqual(
      raw.abilities.map((a) => a.evidence.slots.map((s) => s.limits)),
    );
    expect(shown.abilities.find((a) => a.code === 'B1')?.name).toEqual({
      zh: '混合学习环境下的学情分析',
      en: expect.stringMatching(/^[A-Z]/),
    });
    expect(raw.abilities.find((a) => a.code === 'B1')?.name.zh).toMatch(/^【名称待核实】/);
  });

  it('leaves real names alone', () => {
    expect(plainName({ zh: '技术支持的学情分析', en: 'Technology-supported analysis' })).toEqual({
      zh: '技术支持的学情分析',
      en: 'Technology-supported analysis',
    });
    expect(
      plainName({ zh: '【名称待核实】B9（同伴互评与自评）', en: '[name unknown] B9 (peer and self assessment)' }),
    ).toEqual({ zh: '同伴互评与自评', en: 'Peer and self assessment' });
  });
});
