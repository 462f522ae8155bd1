import type { z } from 'zod';
import enLocale from 'zod/v4/locales/en.js';
import zhLocale from 'zod/v4/locales/zh-CN.js';
import { message, type Message } from './render';

/** One invalid field, named by its path, with a message in both languages. */
export interface FieldIssue {
  path: string;
  message: Message;
}

export type ParseOutcome<T> = { ok: true; data: T } | { ok: false; issues: FieldIssue[] };

const zhErrors = zhLocale().localeError;
const enErrors = enLocale().localeError;

/** `records.hours[0].hours` style, so a teacher or admin can find the field in their file. */
export function formatPath(path: ReadonlyArray<PropertyKey>, prefix = ''): string {
  let out = prefix;
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out === '' ? '(root)' : out;
}

/** Custom issues raised by our own refinements carry both languages in `params`. */
function customText(issue: z.core.$ZodIssue): { zh: string; en: string } | undefined {
  if (issue.code !== 'custom') return undefined;
  const params = issue.params as { zh?: unknown; en?: unknown } | undefined;
  if (typeof params?.zh === 'string' && typeof params.en === 'string') return { zh: params.zh, en: params.en };
  return undefined;
}

/**
 * Parses with zod's Chinese and English messages. Parsing twice costs nothing on success (the second parse only
 * runs on failure) and keeps zod's own wording in both languages.
 */
export function parseWithIssues<S extends z.ZodType>(schema: S, data: unknown, prefix = ''): ParseOutcome<z.output<S>> {
  const first = schema.safeParse(data, { error: enErrors });
  if (first.success) return { ok: true, data: first.data };
  const zhIssues = schema.safeParse(data, { error: zhErrors }).error?.issues ?? [];
  const issues = first.error.issues.map((issue, index): FieldIssue => {
    const custom = customText(issue);
    const detail = custom ?? { zh: zhIssues[index]?.message ?? issue.message, en: issue.message };
    const path = formatPath(issue.path, prefix);
    return { path, message: message('input.invalid-field', { path, detail }) };
  });
  return { ok: false, issues };
}

/** Options for `.refine()` that carry both languages (read back by parseWithIssues). */
export function bilingual(zh: string, en: string) {
  return { message: en, params: { zh, en } };
}

/** An issue for `ctx.addIssue()` in a superRefine, in both languages. */
export function bilingualIssue(zh: string, en: string, path: PropertyKey[] = []) {
  return { code: 'custom' as const, message: en, params: { zh, en }, path };
}
