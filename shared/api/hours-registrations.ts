/** Hours registration (学时登记) for the continuing-education registry: allocation, workflow, file. */
import { z } from 'zod';

const year = z.string().regex(/^20\d{2}$/);

/** The county's cross-year allocation: whole percents per school year, summing to 100. */
export const hoursAllocationBody = z.strictObject({
  shares: z
    .record(year, z.number().int().min(0).max(100))
    .refine((s) => Object.keys(s).length >= 1 && Object.keys(s).length <= 10, { message: '1–10 school years' })
    .refine((s) => Object.values(s).reduce((a, b) => a + b, 0) === 100, { message: 'shares must sum to 100' }),
});
export type HoursAllocationBody = z.input<typeof hoursAllocationBody>;

export const registryIdSource = z.enum(['email', 'platform_user_id']);

/** The institution prepares (or re-prepares a returned one): which identifier the registry's id column holds. */
export const prepareRegistrationBody = z.strictObject({
  idHeader: z.string().trim().min(1).max(20).default('教师编号'),
  idSource: registryIdSource.default('email'),
});
export type PrepareRegistrationBody = z.input<typeof prepareRegistrationBody>;

export const returnRegistrationBody = z.strictObject({ reason: z.string().trim().min(2).max(500) });

export const registrationFileQuery = z.strictObject({ language: z.enum(['zh', 'en']).default('zh') });

export const hoursRegistrationStatus = z.enum(['prepared', 'submitted', 'returned', 'locked']);

export const hoursRegistration = z.object({
  id: z.uuid(),
  version: z.number().int(),
  correctsId: z.uuid().nullable(),
  status: hoursRegistrationStatus,
  idHeader: z.string(),
  idSource: registryIdSource,
  shares: z.record(z.string(), z.number()),
  teachers: z.number().int(),
  totalHours: z.number(),
  preparedAt: z.string(),
  submittedAt: z.string().nullable(),
  auditedAt: z.string().nullable(),
  returnReason: z.string().nullable(),
});
export type HoursRegistration = z.infer<typeof hoursRegistration>;

/** The county's cross-year split, as set. */
export const hoursAllocation = z.object({ shares: z.record(z.string(), z.number()), updatedAt: z.string() });

export const hoursRegistrationOverview = z.object({
  /** Null until the county sets it; preparing is refused until then. */
  allocation: hoursAllocation.nullable(),
  /** The programme's school years, for the allocation form. */
  years: z.array(z.number().int()),
  items: z.array(hoursRegistration),
});
export type HoursRegistrationOverview = z.infer<typeof hoursRegistrationOverview>;
