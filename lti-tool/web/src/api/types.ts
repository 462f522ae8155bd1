/**
 * Reply shapes of the tool's API as the app reads them: inferred from the shared/api schemas the server's routes are
 * typed against, never written by hand (docs/api.md).
 */
import type { z } from 'zod';
import type { GradeId } from '../../../../shared/domain/ids';
import type * as common from '../../../../shared/api/common';
import type * as admin from '../../../../shared/api/admin';
import type * as me from '../../../../shared/api/me';
import type * as review from '../../../../shared/api/review';
import type * as teacher from '../../../../shared/api/teacher';

export type Grade = GradeId;
export type LocalizedText = z.infer<typeof common.bilingualText>;
export type EnrolmentView = z.infer<typeof teacher.enrolmentReply>;
export type ProgrammeRef = z.infer<typeof teacher.programmeRef>;
export type StatusResponse = z.infer<typeof teacher.statusReply>;
export type CatalogueResponse = z.infer<typeof teacher.catalogueReply>;
export type ItemView = z.infer<typeof teacher.itemView>;
export type AbilityPageResponse = z.infer<typeof teacher.abilityPageReply>;
export type QueueResponse = z.infer<typeof review.queueReply>;
export type FiltersResponse = z.infer<typeof review.filtersReply>;
export type DuplicateFlag = z.infer<typeof review.duplicateFlag>;
export type ReviewDetail = z.infer<typeof review.reviewDetailReply>;
export type ContextsResponse = z.infer<typeof admin.contextsReply>;
export type PlatformsResponse = z.infer<typeof admin.platformsReply>;
export type RosterSyncResponse = z.infer<typeof admin.rosterSyncReply>;
export type RegistrationLink = z.infer<typeof admin.registrationLinkReply>;
export type MeResponse = z.infer<typeof me.meReply>;
