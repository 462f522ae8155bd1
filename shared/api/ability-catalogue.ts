/**
 * The programme catalogues as their administrators check them (`/api/v1/admin/ability-catalogue`): every micro-ability
 * and course topic with its verification status and the notes meant for the people who configure the programme
 * ("推断模板…核实", "未找到官方值", "【名称待核实】"), which teachers and assessors never see.
 */
import { z } from 'zod';
import { VERIFICATION_STATUSES } from '../domain/ids';
import { bilingualText } from './common';

export const catalogueNote = z.object({
  /** What the note is about: the entry itself, its evidence template, or one evidence slot. */
  about: z.enum(['entry', 'template', 'slot']),
  slotName: bilingualText.optional(),
  note: bilingualText,
});

export const catalogueEntryView = z.object({
  code: z.string(),
  kind: z.enum(['ability', 'topic']),
  /** The name in the data file, placeholder marker included. */
  name: bilingualText,
  /** The name teachers and assessors read. */
  shownName: bilingualText,
  /** The name is a placeholder (【名称待核实】) still to be confirmed against an official list. */
  placeholderName: z.boolean(),
  group: bilingualText,
  status: z.enum(VERIFICATION_STATUSES),
  level: z.string().nullable(),
  /** The evidence template's confidence (abilities only). */
  templateConfidence: z.string().nullable(),
  notes: z.array(catalogueNote),
  /** Anything still to check: a note, a placeholder name or a status short of confirmed. */
  needsCheck: z.boolean(),
});

export const catalogueAdminView = z.object({
  id: z.string(),
  name: bilingualText,
  dataVersion: z.string(),
  /** The programme definitions that use this catalogue. */
  programmes: z.array(z.object({ id: z.string(), name: bilingualText })),
  entries: z.array(catalogueEntryView),
  counts: z.object({ entries: z.number(), needsCheck: z.number(), placeholders: z.number() }),
});

export const abilityCatalogueReply = z.object({ catalogues: z.array(catalogueAdminView) });

export type CatalogueEntryView = z.infer<typeof catalogueEntryView>;
export type CatalogueAdminView = z.infer<typeof catalogueAdminView>;
export type AbilityCatalogueReply = z.infer<typeof abilityCatalogueReply>;
