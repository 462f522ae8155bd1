import express, { Router, type Response } from 'express';
import {
  TEACHER_ROSTER_LIMITS,
  lmsRosterBody,
  lmsRosterReply,
  rosterImportQuery,
  rosterTemplateQuery,
  teacherRosterReply,
} from '../../../shared/api/school-roster';
import { schoolParams } from '../../../shared/api/schools';
import type { Db } from '../db/client';
import { actorOf } from '../http/actor';
import { send } from '../http/reply';
import { logOf } from '../http/request-context';
import { requireSession } from '../http/session-auth';
import { parse } from '../http/validate';
import { DomainError } from '../services/errors';
import { failureCode } from '../lti/advantage/failure-code';
import type { ServiceTokenClient } from '../lti/advantage/service-token';
import type { ToolKeyStore } from '../lti/tool-keys';
import type { EgressPolicy } from '../net/address-policy';
import { importTeacherRoster } from '../services/schools/roster-import';
import { fetchLmsMembers, lmsRosterCourse, syncSchoolRoster } from '../services/schools/roster-lms';
import { rosterTemplateCsv, rosterTemplateXlsx } from '../services/schools/roster-template';
import { launchScope, schoolInScope } from '../services/schools/scope';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const UPLOAD_TYPES = new Set([
  'text/csv',
  'text/plain',
  'application/csv',
  'application/vnd.ms-excel',
  'application/octet-stream',
  XLSX_TYPE,
]);

/** What the LMS roster sync needs to call the platform (NRPS), as the admin's roster sync has. */
export interface PlatformServices {
  keys: ToolKeyStore;
  tokens: ServiceTokenClient;
  policy: EgressPolicy;
}

/**
 * The school's teacher roster: template download, preview and import from a file, and the same from the LMS course
 * (NRPS) the team launched from (the school team and the institution admin).
 */
export function schoolRosterRouter(db: Db, platform: PlatformServices): Router {
  const router = Router();
  const auth = requireSession(db);
  const scoped = (res: Response) => launchScope(db, actorOf(res));
  const base = '/api/v1/schools/:schoolId/teachers';

  router.get(`${base}/template`, auth, async (req, res) => {
    const scope = await scoped(res);
    schoolInScope(scope, parse(schoolParams, req.params).schoolId);
    const { format, lang } = parse(rosterTemplateQuery, req.query);
    const name = lang === 'zh' ? '教师名单导入模板' : 'teacher-roster-template';
    res
      .setHeader('Content-Type', format === 'xlsx' ? XLSX_TYPE : 'text/csv; charset=utf-8')
      .setHeader('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(`${name}.${format}`)}`)
      .setHeader('Cache-Control', 'private, no-store')
      .send(format === 'xlsx' ? await rosterTemplateXlsx(lang) : rosterTemplateCsv(lang));
  });

  router.post(
    `${base}/imports`,
    auth,
    (req, _res, next) => {
      const type = (req.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
      if (!UPLOAD_TYPES.has(type)) {
        return next(new DomainError('unsupported_media_type', { field: 'file', accepted: [...UPLOAD_TYPES] }));
      }
      // A declared size over the limit is refused before a byte is read.
      if (Number(req.get('content-length') ?? 0) > TEACHER_ROSTER_LIMITS.maxBytes) {
        return next(
          new DomainError('teacher_import_too_large', { field: 'file', limitBytes: TEACHER_ROSTER_LIMITS.maxBytes }),
        );
      }
      next();
    },
    express.raw({ type: () => true, limit: TEACHER_ROSTER_LIMITS.maxBytes }),
    async (req, res) => {
      const scope = await scoped(res);
      const { schoolId } = parse(schoolParams, req.params);
      const query = parse(rosterImportQuery, req.query);
      const header = req.get('x-filename');
      const fileName = query.fileName ?? (header ? safeDecode(header) : 'upload');
      const body = req.body as unknown;
      const report = await importTeacherRoster(db, scope, actorOf(res), {
        schoolId,
        bytes: Buffer.isBuffer(body) ? new Uint8Array(body) : new Uint8Array(),
        fileName: fileName.slice(0, 255),
        dryRun: query.dryRun === 'true' || query.dryRun === '1',
      });
      const { groupsCreated, ...counts } = report.summary;
      logOf(res).info('teacher roster import', {
        schoolId,
        dryRun: report.dryRun,
        rows: report.file.rows,
        ...counts,
        groupsCreated: groupsCreated.length,
      });
      send(res, teacherRosterReply, report);
    },
  );
  router.post(`${base}/lms-sync`, auth, async (req, res) => {
    const scope = await scoped(res);
    const { schoolId } = parse(schoolParams, req.params);
    const { dryRun } = parse(lmsRosterBody, req.body ?? {});
    const actor = actorOf(res);
    const course = await lmsRosterCourse(db, scope, actor, schoolId);
    let roster;
    try {
      const key = await platform.keys.signingKey();
      roster = await fetchLmsMembers({ ...platform, key, endpoint: course.endpoint }, course.membershipsUrl);
    } catch (err) {
      logOf(res).warn('school roster sync failed', { schoolId, code: failureCode(err) });
      throw new DomainError('platform_unavailable', {
        reason: err instanceof Error ? err.message.slice(0, 200) : 'error',
      });
    }
    const report = await syncSchoolRoster(db, scope, actor, {
      schoolId,
      platformId: course.platformId,
      course: { id: course.contextId, title: course.title },
      members: roster.members,
      complete: roster.complete,
      dryRun,
    });
    const { groupsCreated: _g, ...counts } = report.summary;
    logOf(res).info('school roster sync', { schoolId, dryRun, learners: report.course.learners, ...counts });
    send(res, lmsRosterReply, report);
  });
  return router;
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
