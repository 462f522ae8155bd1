import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { importCatalogueJson, validateCatalogueData } from './validate';

const fixture = (name: string) =>
  readFileSync(new URL(`../../../test/fixtures/engine/catalogues/${name}`, import.meta.url), 'utf8');

describe('importCatalogueJson', () => {
  it('accepts the valid sample and resolves its shared template', () => {
    const result = importCatalogueJson(fixture('institution-valid.json'));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.catalogue.abilities).toHaveLength(5);
    expect(result.catalogue.abilities[0]?.evidence.slots.map((s) => s.id)).toEqual([
      'lesson-design',
      'classroom-clip',
      'reflection',
    ]);
    expect('templates' in result.catalogue).toBe(false);
  });

  it('reports every cross-reference problem of the invalid sample with its row', () => {
    const result = importCatalogueJson(fixture('institution-invalid.json'));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => [e.row, e.field, e.message.en])).toEqual([
      [2, 'abilities[1].dimension', '"dimension" refers to "design", which does not exist'],
      [3, 'abilities[2].code', 'Ability A1 is defined more than once'],
      [4, 'abilities[3].evidence.template', '"template" refers to "county", which does not exist'],
      [5, 'abilities[4].environment', '"environment" refers to "D", which does not exist'],
      [6, 'abilities[5].evidence.slots', 'C3 needs at least one required evidence slot'],
    ]);
    expect(result.errors[1]?.message.zh).toBe('能力点 A1 重复定义');
  });

  it('reports schema problems by path, in both languages', () => {
    const data = JSON.parse(fixture('institution-valid.json')) as { abilities: Array<Record<string, unknown>> };
    data.abilities[2] = { ...data.abilities[2], environment: 7 };
    const result = validateCatalogueData(data);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]?.row).toBe(3);
    expect(result.errors[0]?.field).toBe('abilities[2].environment');
    expect(result.errors[0]?.message.zh).toContain('期望 string');
    expect(result.errors[0]?.message.en).toContain('expected string');
  });

  it('reports a JSON syntax error', () => {
    const result = importCatalogueJson('{ "id": ');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors[0]?.message.zh).toMatch(/^JSON 格式错误/);
  });
});
