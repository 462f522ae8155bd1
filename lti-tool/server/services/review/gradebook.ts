import { and, desc, eq, isNotNull, like } from 'drizzle-orm';
import { gradeLabel, type Ability } from '../../../../shared/domain';
import type { Db, DbTransaction } from '../../db/client';
import { enrolmentLaunches, gradeOutbox, ltiContexts, ltiIdentities, ltiResourceLinks } from '../../db/schema';
import { enqueueScore } from '../grade-outbox';

type Grade = 'excellent' | 'pass' | 'fail';

/** Grades go to the gradebook on this scale (deep-linked ability columns are created with it too). */
export const ABILITY_SCORE_MAXIMUM = 100;

/** The gradebook scale: the words travel in the comment, the numbers make the LMS column sortable. */
export const SCORE_FOR_GRADE: Record<Grade, number> = { excellent: 100, pass: 80, fail: 0 };

const keyPrefix = (submissionId: string) => `ability-grade:${submissionId}:`;

/**
 * Queues an ability's final grade for the teacher's LMS gradebook, in the caller's transaction: to the deep-linked
 * ability column the teacher launched, else to a column found or created by resourceId in a course they launched
 * from. Without a course with AGS (or a platform identity) there is nowhere to send it, and nothing is queued.
 */
export async function enqueueAbilityGrade(
  tx: DbTransaction,
  input: {
    tenantId: string;
    enrolmentId: string;
    personId: string;
    submissionId: string;
    version: number;
    ability: Ability;
    grade: Grade;
  },
): Promise<string | undefined> {
  const { ability } = input;
  const [linked] = await tx
    .select({ platformId: ltiResourceLinks.platformId, lineItemUrl: ltiResourceLinks.lineItemUrl })
    .from(enrolmentLaunches)
    .innerJoin(ltiResourceLinks, eq(ltiResourceLinks.id, enrolmentLaunches.resourceLinkId))
    .where(
      and(
        eq(enrolmentLaunches.enrolmentId, input.enrolmentId),
        eq(enrolmentLaunches.abilityCode, ability.code),
        isNotNull(ltiResourceLinks.lineItemUrl),
      ),
    )
    .orderBy(desc(enrolmentLaunches.lastLaunchAt))
    .limit(1);
  const [course] = linked
    ? []
    : await tx
        .select({ platformId: ltiContexts.platformId, lineItemsUrl: ltiContexts.lineItemsUrl })
        .from(enrolmentLaunches)
        .innerJoin(ltiContexts, eq(ltiContexts.id, enrolmentLaunches.contextId))
        .where(and(eq(enrolmentLaunches.enrolmentId, input.enrolmentId), isNotNull(ltiContexts.lineItemsUrl)))
        .orderBy(desc(enrolmentLaunches.lastLaunchAt))
        .limit(1);
  const platformId = linked?.platformId ?? course?.platformId;
  if (!platformId) return undefined;
  const [identity] = await tx
    .select({ subject: ltiIdentities.subject })
    .from(ltiIdentities)
    .where(and(eq(ltiIdentities.personId, input.personId), eq(ltiIdentities.platformId, platformId)));
  if (!identity) return undefined;
  const target = linked
    ? { lineItemUrl: linked.lineItemUrl }
    : {
        lineItemsUrl: course?.lineItemsUrl,
        lineItemSpec: {
          label: `${ability.code} ${ability.name.zh}`,
          scoreMaximum: ABILITY_SCORE_MAXIMUM,
          resourceId: `ability:${ability.code}`,
          tag: 'ability-grade',
        },
      };
  return enqueueScore(tx, {
    tenantId: input.tenantId,
    platformId,
    subject: identity.subject,
    personId: input.personId,
    idempotencyKey: `${keyPrefix(input.submissionId)}v${input.version}`,
    ...target,
    scoreGiven: SCORE_FOR_GRADE[input.grade],
    scoreMaximum: ABILITY_SCORE_MAXIMUM,
    comment: gradeLabel(input.grade).zh,
  });
}

export type GradebookStatus = 'none' | 'pending' | 'delivered' | 'rejected' | 'failed';

/** Where the latest score of a submission stands in the outbox (`none`: nothing was sent). */
export async function gradebookStatus(db: Db, submissionId: string): Promise<GradebookStatus> {
  const [row] = await db
    .select({ status: gradeOutbox.status })
    .from(gradeOutbox)
    .where(like(gradeOutbox.idempotencyKey, `${keyPrefix(submissionId)}%`))
    .orderBy(desc(gradeOutbox.createdAt))
    .limit(1);
  if (!row) return 'none';
  return row.status === 'superseded' ? 'delivered' : row.status;
}
