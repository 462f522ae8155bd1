import { z } from 'zod';
import { EVIDENCE_KINDS, VERIFICATION_STATUSES } from '../ids';
import { abilityCodeSchema, confidenceSchema, localizedTextSchema, slugSchema, sourceRefSchema } from './common';

const positive = z.number().positive().max(100_000);

/** Upload limits checked before submission (domain.md §10.3: format and completeness are the commonest failures). */
export const slotLimitsSchema = z.strictObject({
  extensions: z.array(z.string().regex(/^[a-z0-9]+$/, 'expected a lower-case extension without the dot')).optional(),
  maxSizeMb: positive.optional(),
  maxVideoMinutes: positive.optional(),
  minCharacters: z.number().int().positive().optional(),
});

/** One piece of evidence the teacher submits for an ability (教学设计, 课堂实录片段, 教学反思 …). */
export const evidenceSlotSchema = z.strictObject({
  id: slugSchema,
  name: localizedTextSchema,
  kind: z.enum(EVIDENCE_KINDS),
  required: z.boolean(),
  limits: slotLimitsSchema.default({}),
  note: localizedTextSchema.optional(),
});

/** Criteria per grade; an item earns a grade only by meeting all criteria of that grade (domain.md §2). */
export const rubricSchema = z.strictObject({
  confidence: confidenceSchema,
  sources: z.array(z.string().min(1)).default([]),
  pass: z.array(localizedTextSchema).min(1),
  excellent: z.array(localizedTextSchema).min(1),
});

/** Slots plus rubric: the "task template" of an ability, with how sure we are of it. */
export const evidenceTemplateSchema = z.strictObject({
  confidence: confidenceSchema,
  sources: z.array(z.string().min(1)).default([]),
  note: localizedTextSchema.optional(),
  slots: z.array(evidenceSlotSchema).min(1),
  rubric: rubricSchema,
});

export const verificationSchema = z.strictObject({
  status: z.enum(VERIFICATION_STATUSES),
  level: z.enum(['high', 'medium', 'low-medium', 'low']).optional(),
  note: localizedTextSchema.optional(),
});

/** In a file, an ability either spells out its template or names a shared one ({ "template": "default" }). */
export const abilityFileSchema = z.strictObject({
  code: abilityCodeSchema,
  name: localizedTextSchema,
  environment: z.string().min(1),
  dimension: slugSchema,
  verification: verificationSchema,
  sources: z.array(z.string().min(1)).default([]),
  evidence: z.union([z.strictObject({ template: z.string().min(1) }), evidenceTemplateSchema]),
});

/** 1.0 course topics T1–T27. */
export const topicSchema = z.strictObject({
  code: z.string().regex(/^T\d{1,3}$/),
  name: localizedTextSchema,
  part: slugSchema,
  group: slugSchema,
  verification: verificationSchema,
});

const labelledIdSchema = z.strictObject({ id: z.string().min(1), name: localizedTextSchema });

export const catalogueFileSchema = z.strictObject({
  $comment: z.string().optional(),
  id: z.string().regex(/^[a-z0-9][a-z0-9.-]*$/),
  dataVersion: z.string().min(1),
  name: localizedTextSchema,
  sources: z.array(sourceRefSchema).default([]),
  environments: z.array(labelledIdSchema).default([]),
  dimensions: z.array(labelledIdSchema).default([]),
  templates: z.record(z.string(), evidenceTemplateSchema).default({}),
  abilities: z.array(abilityFileSchema).default([]),
  topicParts: z.array(labelledIdSchema).default([]),
  topicGroups: z.array(labelledIdSchema).default([]),
  topics: z.array(topicSchema).default([]),
});

export type CatalogueFile = z.output<typeof catalogueFileSchema>;
export type CatalogueFileInput = z.input<typeof catalogueFileSchema>;
export type EvidenceSlot = z.output<typeof evidenceSlotSchema>;
export type SlotLimits = z.output<typeof slotLimitsSchema>;
export type EvidenceTemplate = z.output<typeof evidenceTemplateSchema>;
export type Rubric = z.output<typeof rubricSchema>;
export type Topic = z.output<typeof topicSchema>;
export type LabelledId = z.output<typeof labelledIdSchema>;

/** An ability with its template resolved: what the engine works with. */
export type Ability = Omit<z.output<typeof abilityFileSchema>, 'evidence'> & { evidence: EvidenceTemplate };

/** A validated catalogue with every template reference resolved. */
export type Catalogue = Omit<CatalogueFile, 'abilities' | 'templates'> & { abilities: Ability[] };
