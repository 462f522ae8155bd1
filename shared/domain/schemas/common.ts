import { z } from 'zod';
import { CONFIDENCE_LEVELS } from '../ids';

export const localizedTextSchema = z.strictObject({
  zh: z.string().min(1),
  en: z.string().min(1),
});

export const confidenceSchema = z.enum(CONFIDENCE_LEVELS);

/** Source ids such as "S7" refer to the sources list of the file (and of docs/domain.md). */
export const sourceRefSchema = z.strictObject({
  id: z.string().min(1),
  title: z.string().min(1),
  url: z.string().min(1).optional(),
});

/**
 * Every rule value in a programme file carries where it comes from, because most values are not settled by an
 * official text (docs/domain.md). The engine reads `value`; people read the rest.
 */
export function param<T extends z.ZodType>(value: T) {
  return z.strictObject({
    value,
    confidence: confidenceSchema,
    sources: z.array(z.string().min(1)).default([]),
    note: localizedTextSchema.optional(),
  });
}

/** School year by the calendar year it starts in: 2021 is the 2021–22 school year. */
export const schoolYearSchema = z.number().int().min(2000).max(2100);

export const isoDateSchema = z.iso.date();
/** A date, or a date-time with an offset: records come from platforms that use either. */
export const isoDateOrTimeSchema = z.union([z.iso.date(), z.iso.datetime({ offset: true })]);

/** Ability codes such as A1, B10, C7; institutions may use their own prefix letters (e.g. HA1). */
export const abilityCodeSchema = z.string().regex(/^[A-Z][A-Z0-9-]{0,15}$/, 'expected an ability code such as A1');

/** Lower-case ids used in data files: slot ids, dimension ids. */
export const slugSchema = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'expected a lower-case id such as lesson-plan');
