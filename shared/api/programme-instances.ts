/**
 * Programme instances (`/api/v1/admin/programme-instances`): a programme definition run over a region of the
 * tenant's tree, for school years, as a batch, with a deadline and parameter overrides.
 */
import { z } from 'zod';
import { ORGANISATION_KINDS } from '../domain/ids';
import { bilingualText, uuid } from './common';
import { timestamp } from './teacher';

const year = z.number().int().min(2000).max(2100);
const isoDate = z.iso.date();
/** Overrides by dotted parameter path; the server checks each against the definition's own schema. */
const overrides = z.record(
  z
    .string()
    .regex(/^[a-zA-Z][a-zA-Z0-9]*(\.[a-zA-Z][a-zA-Z0-9]*)+$/)
    .max(100),
  z.unknown(),
);

export const programmeInstanceBody = z
  .strictObject({
    definitionId: z.string().min(1).max(100),
    regionOrganisationId: uuid,
    name: z.string().trim().min(1).max(100),
    startYear: year,
    endYear: year,
    /** 批次, e.g. 第一批; instances of one definition and region differ by years or batch. */
    batchLabel: z.string().trim().max(50).nullable().default(null),
    /** 截止日期; null keeps the definition's. */
    deadline: isoDate.nullable().default(null),
    overrides: overrides.default({}),
  })
  .refine((b) => b.startYear <= b.endYear, { path: ['endYear'], message: 'endYear must not be before startYear' });

export const programmeInstancePatch = z
  .strictObject({
    regionOrganisationId: uuid,
    name: z.string().trim().min(1).max(100),
    startYear: year,
    endYear: year,
    batchLabel: z.string().trim().max(50).nullable(),
    deadline: isoDate.nullable(),
    overrides,
  })
  .partial();

export const programmeInstanceView = z.object({
  id: z.string(),
  definitionId: z.string(),
  definitionVersion: z.string(),
  definitionName: bilingualText,
  regionOrganisationId: z.string(),
  regionName: z.string(),
  name: z.string(),
  startYear: z.number(),
  endYear: z.number(),
  batchLabel: z.string().nullable(),
  /** The deadline in force: the instance's override, else the definition's. */
  deadline: z.string().nullable(),
  overrides: z.record(z.string(), z.unknown()),
  enrolments: z.number(),
  updatedAt: timestamp,
});

export const programmeDefinitionView = z.object({
  id: z.string(),
  name: bilingualText,
  edition: z.enum(['1.0', '2.0']),
  region: z.object({ level: z.string(), code: z.string(), name: bilingualText }),
  dataVersion: z.string(),
  window: z.object({ startYear: z.number(), endYear: z.number() }),
  deadline: z.string().nullable(),
  parameters: z.array(z.object({ path: z.string(), value: z.unknown() })),
});

export const programmeInstancesReply = z.object({
  instances: z.array(programmeInstanceView),
  definitions: z.array(programmeDefinitionView),
  /** Where an instance may run: the tenant's provinces, cities and counties. */
  regions: z.array(
    z.object({ id: z.string(), kind: z.enum(ORGANISATION_KINDS), name: z.string(), code: z.string().nullable() }),
  ),
});
export const programmeInstanceReply = z.object({ instance: programmeInstanceView });

export type ProgrammeInstanceBody = z.input<typeof programmeInstanceBody>;
export type ProgrammeInstancePatch = z.infer<typeof programmeInstancePatch>;
export type ProgrammeInstanceView = z.infer<typeof programmeInstanceView>;
export type ProgrammeInstancesReply = z.infer<typeof programmeInstancesReply>;
export type ProgrammeDefinitionView = z.infer<typeof programmeDefinitionView>;
