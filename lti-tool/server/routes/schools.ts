import { Router, type Response } from 'express';
import {
  overviewQuery,
  overviewReply,
  reminderQuery,
  schoolParams,
  schoolQuery,
  schoolReply,
  scopeReply,
  summaryQuery,
  summaryReply,
} from '../../../shared/api/schools';
import type { Db } from '../db/client';
import { actorOf } from '../http/actor';
import { send } from '../http/reply';
import { requireSession } from '../http/session-auth';
import { parse } from '../http/validate';
import { schoolDashboard } from '../services/schools/dashboard';
import { deadlineOf, overview } from '../services/schools/overview';
import { remindersCsv } from '../services/schools/reminders';
import { launchScope } from '../services/schools/scope';
import { summary } from '../services/schools/summary';

/** The school dashboard and the county (city, institution) overview, scoped on the server for every request. */
export function schoolsRouter(db: Db): Router {
  const router = Router();
  const auth = requireSession(db);
  // The scope (and so the role) is settled before the input is read: a teacher gets 403, not a validation error.
  const scoped = (res: Response) => launchScope(db, actorOf(res));

  router.get('/api/v1/schools/scope', auth, async (_req, res) => {
    const scope = await scoped(res);
    const { instance, deadline } = await deadlineOf(db, scope);
    send(res, scopeReply, {
      level: scope.level,
      roots: scope.roots,
      schools: scope.schoolIds.size,
      programme: { id: instance.id, name: instance.name, deadline },
    });
  });
  router.get('/api/v1/schools/overview', auth, async (req, res) => {
    const scope = await scoped(res);
    const query = parse(overviewQuery, req.query);
    send(res, overviewReply, await overview(db, scope, query.organisationId));
  });
  // Registered before /:schoolId, which would otherwise take "summary" for an id.
  router.get('/api/v1/schools/summary', auth, async (req, res) => {
    const scope = await scoped(res);
    const query = parse(summaryQuery, req.query);
    send(res, summaryReply, await summary(db, scope, query.organisationId));
  });
  router.get('/api/v1/schools/:schoolId', auth, async (req, res) => {
    const scope = await scoped(res);
    const { schoolId } = parse(schoolParams, req.params);
    send(res, schoolReply, await schoolDashboard(db, scope, schoolId, parse(schoolQuery, req.query)));
  });
  router.get('/api/v1/schools/:schoolId/reminders.csv', auth, async (req, res) => {
    const scope = await scoped(res);
    const { schoolId } = parse(schoolParams, req.params);
    const query = parse(reminderQuery, req.query);
    const board = await schoolDashboard(db, scope, schoolId, query.groupId ? { groupId: query.groupId } : {});
    const name = `${board.school.name}-${query.lang === 'en' ? 'reminders' : '提醒名单'}.csv`;
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader(
      'Content-Disposition',
      `attachment; filename="reminders.csv"; filename*=UTF-8''${encodeURIComponent(name)}`,
    );
    res.setHeader('Cache-Control', 'private, no-store');
    res.send(remindersCsv(board.teachers, query.lang));
  });
  return router;
}
