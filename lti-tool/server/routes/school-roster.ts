import express, { Router, type Response } from 'express';
import {
  TEACHER_ROSTER_LIMITS,
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
import { importTeacherRoster } from '../services/schools/roster-import';
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

/** The school's teacher roster: template download, preview and import (the school team and the institution admin). */
export function schoolRosterRouter(db: Db): Router {
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
  return router;
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
