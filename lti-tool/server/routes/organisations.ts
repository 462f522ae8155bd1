import express, { Router } from 'express';
import {
  ORG_IMPORT_MAX_BYTES,
  orgImportQuery,
  orgImportReply,
  organisationsReply,
  orgTemplateQuery,
} from '../../../shared/api/organisations';
import type { Db } from '../db/client';
import { adminOf } from '../http/admin-auth';
import { send } from '../http/reply';
import { parse } from '../http/validate';
import { DomainError } from '../services/errors';
import { importOrganisations } from '../services/org-tree/import';
import { listOrganisations } from '../services/org-tree/list';
import { orgTemplateCsv, orgTemplateXlsx } from '../services/org-tree/template';
import { logOf } from '../http/request-context';
import { importStatus, recordOperation } from '../services/operation-runs';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const UPLOAD_TYPES = new Set([
  'text/csv',
  'text/plain',
  'application/csv',
  'application/vnd.ms-excel',
  'application/octet-stream',
  XLSX_TYPE,
]);

/** The organisation tree of the administrator's tenant: list, template download, preview and import. */
export function organisationsRouter(db: Db): Router {
  const router = Router();
  router.get('/api/v1/admin/organisations', async (_req, res) => {
    const admin = adminOf(res);
    res.setHeader('Cache-Control', 'no-store');
    send(res, organisationsReply, await listOrganisations(db, admin.tenantId));
  });

  router.get('/api/v1/admin/organisations/template', async (req, res) => {
    adminOf(res);
    const { format, lang } = parse(orgTemplateQuery, req.query);
    const name = lang === 'zh' ? '组织机构导入模板' : 'organisation-import-template';
    const body = format === 'xlsx' ? await orgTemplateXlsx(lang) : orgTemplateCsv(lang);
    res
      .setHeader('Content-Type', format === 'xlsx' ? XLSX_TYPE : 'text/csv; charset=utf-8')
      .setHeader('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(`${name}.${format}`)}`)
      .send(body);
  });

  router.post(
    '/api/v1/admin/organisations/imports',
    (req, _res, next) => {
      const type = (req.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
      if (!UPLOAD_TYPES.has(type)) {
        return next(new DomainError('unsupported_media_type', { field: 'file', accepted: [...UPLOAD_TYPES] }));
      }
      const length = Number(req.get('content-length') ?? 0);
      if (length > ORG_IMPORT_MAX_BYTES) {
        return next(new DomainError('org_import_too_large', { field: 'file', limitBytes: ORG_IMPORT_MAX_BYTES }));
      }
      next();
    },
    express.raw({ type: () => true, limit: ORG_IMPORT_MAX_BYTES }),
    async (req, res) => {
      const admin = adminOf(res);
      const query = parse(orgImportQuery, req.query);
      const header = req.get('x-filename');
      const fileName = query.fileName ?? (header ? safeDecode(header) : 'upload');
      const body = req.body as unknown;
      const bytes = Buffer.isBuffer(body) ? new Uint8Array(body) : new Uint8Array();
      const report = await importOrganisations(db, {
        tenantId: admin.tenantId,
        bytes,
        fileName: fileName.slice(0, 255),
        dryRun: query.dryRun === 'true' || query.dryRun === '1',
        actor: admin.actor,
      });
      const { status, errorCode } = importStatus({
        applied: report.dryRun ? undefined : report.applied,
        rowsWithIssues: report.summary.rowsWithIssues,
      });
      logOf(res).info('organisation import', {
        tenantId: admin.tenantId,
        dryRun: report.dryRun,
        rows: report.file.rows,
        ...report.summary,
        outcome: status,
        code: errorCode,
      });
      if (!report.dryRun) {
        await recordOperation(db, {
          tenantId: admin.tenantId,
          kind: 'org_import',
          status,
          errorCode,
          target: report.file.name,
          rows: report.file.rows,
          counts: report.summary,
          requestId: res.locals.requestId as string,
        });
      }
      send(res, orgImportReply, report);
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
