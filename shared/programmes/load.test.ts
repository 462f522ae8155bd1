import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkProgrammeCatalogue, parseProgramme, ProgrammeDataError } from './load';
import { getCatalogue } from './registry';

const read = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`../../test/fixtures/engine/programmes/${name}`, import.meta.url), 'utf8'));

function errorOf(name: string): ProgrammeDataError {
  try {
    parseProgramme(read(name), name);
  } catch (error) {
    if (error instanceof ProgrammeDataError) return error;
    throw error;
  }
  throw new Error(`${name} was accepted`);
}

describe('parseProgramme on bad files', () => {
  it.each([
    ['bad-hours-type.json', 'hours.totalMin.value', /expected number/],
    ['bad-missing-confidence.json', 'selection.minAbilities.confidence', /expected one of/],
    ['bad-window.json', 'period.window.value', /startYear must not be after endYear/],
    ['bad-unknown-field.json', 'hours', /Unrecognized key: "practiseShareMinPercent"/],
  ])('%s names the file and the field %s', (file, path, english) => {
    const error = errorOf(file);
    expect(error.file).toBe(file);
    expect(error.message.startsWith(`${file}: `)).toBe(true);
    expect(error.issues.map((i) => i.path)).toContain(path);
    expect(error.message).toMatch(english);
    expect(error.message).toContain(`字段 ${path} 无效`);
  });

  it('a missing required section is reported too', () => {
    const data = read('bad-window.json') as Record<string, unknown>;
    delete data.excellence;
    const error = (() => {
      try {
        parseProgramme(data, 'x.json');
      } catch (e) {
        return e as ProgrammeDataError;
      }
      return undefined;
    })();
    expect(error?.issues.map((i) => i.path)).toEqual(['period.window.value', 'excellence']);
  });
});

describe('checkProgrammeCatalogue', () => {
  it('flags an environment the catalogue does not have', () => {
    const programme = parseProgramme(read('bad-environment.json'), 'bad-environment.json');
    const issues = checkProgrammeCatalogue(programme, getCatalogue('national-2.0'));
    expect(issues.map((i) => i.path)).toEqual(['selection.environmentsBySchool.value.smart[2]']);
    expect(issues[0]?.message.en).toContain('"D"');
  });

  it('flags a dimension minimum the catalogue cannot reach', () => {
    const programme = parseProgramme(read('bad-environment.json'), 'x.json');
    const issues = checkProgrammeCatalogue(
      {
        ...programme,
        selection: programme.selection && {
          ...programme.selection,
          minDimensions: { ...programme.selection.minDimensions, value: 5 },
        },
      },
      getCatalogue('national-2.0'),
    );
    expect(issues.map((i) => i.path)).toContain('selection.minDimensions.value');
  });
});
