import type { Db } from '../../../db/client';
import type { AuditActor } from '../../audit';
import { recordCompletions, type ClaimOutcome } from '../record';

export interface LtiCompletionInput {
  tenantId: string;
  /** The platform the launch came from: the feed (`source_kind = lti`, `source_id` = platform id). */
  platformId: string;
  /** The teacher (from the launch session). */
  personId: string;
  /** The platform's resource link id of the deep-linked activity. */
  resourceLinkId: string;
  /** The resource link's custom parameters: `course_ref`, else `ability_code` (→ course ref `ability:<code>`). */
  custom: Record<string, string>;
  completedAt: Date;
  /** Who says so: the teacher themself, a trainer, or a system job. */
  recordedBy: { personId: string } | { system: string };
  actor: AuditActor;
  programmeInstanceId?: string | null;
}

/** The course a deep-linked activity stands for, or undefined when its custom parameters name none. */
export function courseRefForLink(custom: Record<string, string>): string | undefined {
  if (custom.course_ref?.trim()) return custom.course_ref.trim();
  if (custom.ability_code?.trim()) return `ability:${custom.ability_code.trim()}`;
  return undefined;
}

/**
 * Records that a teacher finished the online part of a deep-linked course activity, for institutions that track
 * completion in the tool itself. The course is resolved through the tenant's course catalogue like every other
 * feed (map `ability:A1` or the link's `course_ref`); one completion per (resource link, teacher), so repeating
 * the call is harmless.
 */
export async function recordLtiCompletion(db: Db, input: LtiCompletionInput): Promise<ClaimOutcome> {
  const courseRef = courseRefForLink(input.custom);
  if (!courseRef) {
    return {
      status: 'rejected',
      issues: [{ code: 'unknown_course', zh: '该活动未关联课程', en: 'the activity names no course', field: 'custom' }],
    };
  }
  const [outcome] = await recordCompletions(
    db,
    {
      tenantId: input.tenantId,
      sourceKind: 'lti',
      sourceId: input.platformId,
      programmeInstanceId: input.programmeInstanceId ?? null,
      platformId: input.platformId,
      recorder:
        'personId' in input.recordedBy ? { personId: input.recordedBy.personId } : { system: input.recordedBy.system },
      actor: input.actor,
    },
    [
      {
        externalId: `${input.resourceLinkId}|${input.personId}`,
        teacher: { by: 'person_id', value: input.personId },
        courseRef,
        completedAt: input.completedAt,
        evidence: { lti: { platformId: input.platformId, resourceLinkId: input.resourceLinkId, custom: input.custom } },
      },
    ],
  );
  return outcome!;
}
