import { pipeline } from 'node:stream/promises';
import { Router, type Response } from 'express';
import {
  createExportBody,
  exportJobList,
  exportListQuery,
  reportSchedule,
  reportScheduleBody,
  reportScheduleList,
} from '../../../shared/api/exports';
import { idParams } from '../../../shared/api/common';
import type { Db } from '../db/client';
import { requireSession } from '../http/session-auth';
import { parse } from '../http/validate';
import { getExport, listExports, openExport, requestExport } from '../services/exports/jobs';
import { exportScope, schoolsOf } from '../services/exports/scope';
import { createSchedule, listSchedules, stopSchedule } from '../services/exports/schedules';
import { actorOf } from '../http/actor';
import type { BlobStore } from '../storage';

/** RFC 6266 / 5987: an ASCII fallback and the real (Chinese) name. */
export function attachment(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

const noStore = (res: Response) => res.setHeader('Cache-Control', 'no-store');

/** Report exports of a county (or institution): request, follow progress, download. */
export function exportsRouter(deps: { db: Db; storage: BlobStore; onQueued?: () => void }): Router {
  const { db } = deps;
  const router = Router();
  const auth = requireSession(db);
  // The scope (and so the role) is settled before the input is read: a teacher gets 403, not a validation error.
  const scoped = (res: Response) => exportScope(db, actorOf(res));

  router.get('/api/v1/exports', auth, async (req, res) => {
    const scope = await scoped(res);
    const query = parse(exportListQuery, req.query);
    const schools = (await schoolsOf(db, scope)).map((x) => ({ id: x.id, name: x.name }));
    noStore(res).json(exportJobList.parse({ items: await listExports(db, scope, query), schools }));
  });
  router.get('/api/v1/report-schedules', auth, async (_req, res) => {
    const scope = await scoped(res);
    noStore(res).json(reportScheduleList.parse(await listSchedules(db, scope)));
  });
  router.post('/api/v1/report-schedules', auth, async (req, res) => {
    const scope = await scoped(res);
    const schedule = await createSchedule(db, scope, actorOf(res), parse(reportScheduleBody, req.body));
    noStore(res).status(201).json(reportSchedule.parse(schedule));
  });
  router.delete('/api/v1/report-schedules/:id', auth, async (req, res) => {
    const scope = await scoped(res);
    await stopSchedule(db, scope, actorOf(res), parse(idParams, req.params).id);
    noStore(res).status(204).end();
  });
  router.post('/api/v1/exports', auth, async (req, res) => {
    const scope = await scoped(res);
    const job = await requestExport(db, scope, parse(createExportBody, req.body));
    deps.onQueued?.();
    noStore(res).status(202).json(job);
  });
  router.get('/api/v1/exports/:id', auth, async (req, res) => {
    const scope = await scoped(res);
    noStore(res).json(await getExport(db, scope, parse(idParams, req.params).id));
  });
  router.get('/api/v1/exports/:id/file', auth, async (req, res) => {
    const scope = await scoped(res);
    const file = await openExport(db, deps.storage, scope, parse(idParams, req.params).id);
    res.setHeader('Content-Type', file.contentType);
    res.setHeader('Content-Length', String(file.sizeBytes));
    res.setHeader('Content-Disposition', attachment(file.fileName));
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Cache-Control', 'private, no-store');
    await pipeline(file.body, res);
  });
  return router;
}
