import { z } from 'zod';
import { abilityCode, grade, idParams, pageQuery, slotId, uuid, version } from '../../../../shared/api';
import { submissionStates } from '../../db/schema';

export { abilityCode, idParams, slotId, uuid, version };
const comment = z.string().trim().max(2000).optional();

export const linkContextBody = z.strictObject({ programmeInstanceId: uuid, organisationId: uuid });
export const chooseSchoolBody = z.strictObject({ schoolId: uuid, groupId: uuid.optional() });
export const selectionsBody = z.strictObject({ abilities: z.array(abilityCode).max(30) });
export const abilityParams = z.object({ code: abilityCode });
export const itemParams = z.object({ code: abilityCode, slotId });
export const itemBody = z.union([
  z.strictObject({ text: z.string().trim().min(1).max(20_000), version: version.optional() }),
  z.strictObject({ url: z.url({ protocol: /^https?$/ }).max(2000), version: version.optional() }),
]);
export const versionBody = z.strictObject({ version });
export const optionalVersionBody = z.strictObject({ version: version.optional() }).optional();

export const queueQuery = z
  .object({
    school: uuid.optional(),
    group: uuid.optional(),
    ability: abilityCode.optional(),
    state: z.enum(submissionStates).default('submitted'),
  })
  .extend(pageQuery.shape);
export const itemGrades = z.array(z.strictObject({ slotId, grade, comment })).min(1).max(20);
export const gradeBody = z.strictObject({ version, items: itemGrades });
export const returnBody = z.strictObject({
  version,
  reasons: z
    .array(z.strictObject({ slotId, reason: z.string().trim().min(1).max(2000) }))
    .min(1)
    .max(20),
});
export const batchBody = z.strictObject({
  submissions: z
    .array(z.strictObject({ id: uuid, version }))
    .min(1)
    .max(100),
  comment,
});
export const countyBody = z.discriminatedUnion('decision', [
  z.strictObject({ version, decision: z.literal('confirm'), note: comment }),
  z.strictObject({ version, decision: z.literal('override'), items: itemGrades, note: comment }),
]);
