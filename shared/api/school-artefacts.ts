/**
 * `/api/v1/schools/:schoolId/artefacts/...` and `/api/v1/schools/artefacts/queue`: the school's own artefacts
 * (学校信息化发展规划, 校本研修方案 with its theme, 教研组 research plans), uploaded in versions by the school team,
 * submitted to the county, approved or returned with a reason.
 */
import { z } from 'zod';
import { uuid } from './common';

export const SCHOOL_ARTEFACT_KINDS = ['development_plan', 'research_plan', 'group_plan'] as const;
export const SCHOOL_ARTEFACT_STATUSES = ['draft', 'submitted', 'returned', 'approved'] as const;
export const schoolArtefactKind = z.enum(SCHOOL_ARTEFACT_KINDS);
export const schoolArtefactStatus = z.enum(SCHOOL_ARTEFACT_STATUSES);
export type SchoolArtefactKind = z.infer<typeof schoolArtefactKind>;

/** Plans are documents: the same containers evidence accepts, checked against their bytes on the server. */
export const ARTEFACT_LIMITS = {
  extensions: ['pdf', 'doc', 'docx', 'wps', 'ppt', 'pptx', 'xls', 'xlsx', 'et', 'txt'],
  maxBytes: 20 * 1024 * 1024,
  /** Versions kept per artefact: a school revising more often than this should talk to its county. */
  maxVersions: 50,
  themeMaxChars: 200,
  reasonMaxChars: 500,
} as const;

export const artefactParams = z.object({ schoolId: uuid, artefactId: uuid });
export const artefactVersionParams = artefactParams.extend({ versionId: uuid });

/** Opens (or finds) the artefact of a kind; a research plan carries its theme, a group plan its 教研组. */
export const openArtefactBody = z.strictObject({
  kind: schoolArtefactKind,
  groupId: uuid.optional(),
  theme: z.string().trim().min(1).max(ARTEFACT_LIMITS.themeMaxChars).optional(),
});
export type OpenArtefactBody = z.infer<typeof openArtefactBody>;

/** Submit, approve: the version the person saw, so a retry or a stale screen never acts on another one. */
export const artefactVersionBody = z.strictObject({ versionId: uuid });
export const returnArtefactBody = z.strictObject({
  versionId: uuid,
  reason: z.string().trim().min(2).max(ARTEFACT_LIMITS.reasonMaxChars),
});

export const artefactVersion = z.object({
  id: z.string(),
  version: z.number().int(),
  originalName: z.string(),
  mime: z.string(),
  sizeBytes: z.number().int(),
  theme: z.string().nullable(),
  uploadedBy: z.string().nullable(),
  uploadedAt: z.string(),
});
export type ArtefactVersion = z.infer<typeof artefactVersion>;

export const schoolArtefact = z.object({
  id: z.string(),
  schoolId: z.string(),
  kind: schoolArtefactKind,
  groupId: z.string().nullable(),
  groupName: z.string().nullable(),
  theme: z.string().nullable(),
  status: schoolArtefactStatus,
  submittedVersionId: z.string().nullable(),
  submittedAt: z.string().nullable(),
  approvedVersionId: z.string().nullable(),
  decidedAt: z.string().nullable(),
  returnReason: z.string().nullable(),
  /** Newest first. */
  versions: z.array(artefactVersion),
});
export type SchoolArtefact = z.infer<typeof schoolArtefact>;

export const artefactReply = schoolArtefact.extend({ changed: z.boolean() });

export const schoolArtefactsReply = z.object({
  school: z.object({ id: z.string(), name: z.string() }),
  /** What the person may do here: the school team uploads and submits, the county officer decides. */
  can: z.object({ edit: z.boolean(), decide: z.boolean() }),
  groups: z.array(z.object({ id: z.string(), name: z.string() })),
  items: z.array(schoolArtefact),
});
export type SchoolArtefactsReply = z.infer<typeof schoolArtefactsReply>;

export const artefactQueueReply = z.object({
  items: z.array(schoolArtefact.extend({ schoolName: z.string(), canDecide: z.boolean() })),
});
export type ArtefactQueueReply = z.infer<typeof artefactQueueReply>;
