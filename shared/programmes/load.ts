import { formatPath, message, parseWithIssues, type FieldIssue } from '../i18n';
import { validateCatalogueData } from '../domain/catalogue/validate';
import type { Catalogue } from '../domain/schemas/catalogue';
import { programmeSchema, type Programme } from '../domain/schemas/programme';

/** Invalid programme or catalogue data. The message names the file and every invalid field, in both languages. */
export class ProgrammeDataError extends Error {
  override readonly name = 'ProgrammeDataError';
  constructor(
    readonly file: string,
    readonly issues: FieldIssue[],
  ) {
    super(`${file}: ${issues.map((issue) => `${issue.message.zh} / ${issue.message.en}`).join('; ')}`);
  }
}

/** Validates one programme definition; `file` is only used to name the culprit in the error. */
export function parseProgramme(raw: unknown, file: string): Programme {
  const parsed = parseWithIssues(programmeSchema, raw);
  if (!parsed.ok) throw new ProgrammeDataError(file, parsed.issues);
  return parsed.data;
}

/** Validates one catalogue file (schema, cross-references) and resolves its templates. */
export function parseCatalogue(raw: unknown, file: string): Catalogue {
  const result = validateCatalogueData(raw);
  if (!result.ok) {
    throw new ProgrammeDataError(
      file,
      result.errors.map((error) => ({ path: error.field, message: error.message })),
    );
  }
  return result.catalogue;
}

/**
 * What a programme asks of its catalogue: every environment it maps schools to, and enough dimensions to cover.
 * Checked for the shipped pairs at load and for an institution's own catalogue before evaluating with it.
 */
export function checkProgrammeCatalogue(programme: Programme, catalogue: Catalogue): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const selection = programme.selection;
  if (selection === null) return issues;
  const environments = new Set(catalogue.environments.map((e) => e.id));
  for (const [school, envs] of Object.entries(selection.environmentsBySchool.value)) {
    envs.forEach((env, index) => {
      if (environments.has(env)) return;
      const path = formatPath(['selection', 'environmentsBySchool', 'value', school, index]);
      issues.push({ path, message: message('catalogue.unknown-reference', { field: path, value: env }) });
    });
  }
  if (selection.minDimensions.value > catalogue.dimensions.length) {
    const path = 'selection.minDimensions.value';
    const value = `${selection.minDimensions.value} > ${catalogue.dimensions.length} (${catalogue.id})`;
    issues.push({ path, message: message('catalogue.unknown-reference', { field: path, value }) });
  }
  return issues;
}
