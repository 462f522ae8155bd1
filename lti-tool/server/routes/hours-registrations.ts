import { Router, type Response } from 'express';
import { idParams } from '../../../shared/api/common';
import {
  hoursAllocation,
  hoursAllocationBody,
  hoursRegistration,
  hoursRegistrationOverview,
  prepareRegistrationBody,
  registrationFileQuery,
  returnRegistrationBody,
} from '../../../shared/api/hours-registrations';
import type { Db } from '../db/client';
import { actorOf } from '../http/actor';
import { requireSession } from '../http/session-auth';
import { parse } from '../http/validate';
import { exportScope } from '../services/exports/scope';
import { getAllocation, programmeYears, setAllocation } from '../services/hours-registration/allocation';
import { writeRegistrationXlsx } from '../services/hours-registration/file';
import {
  listRegistrations,
  lockRegistration,
  prepareRegistration,
  returnRegistration,
  submitRegistration,
} from '../services/hours-registration/workflow';
import { attachment } from './exports';

const noStore = (res: Response) => res.setHeader('Cache-Control', 'no-store');

/**
 * Hours registration (学时登记) of a county: the county sets the cross-year allocation and audits; the institution
 * prepares and submits. Scoped like the exports (an official of a course linked to the county).
 */
export function hoursRegistrationsRouter(db: Db): Router {
  const router = Router();
  const auth = requireSession(db);
  const scoped = (res: Response) => exportScope(db, actorOf(res));
  const base = '/api/v1/hours-registrations';

  router.get(base, auth, async (_req, res) => {
    const scope = await scoped(res);
    const allocation = await getAllocation(db, scope);
    noStore(res).json(
      hoursRegistrationOverview.parse({
        allocation: allocation ? { shares: allocation.shares, updatedAt: allocation.updatedAt.toISOString() } : null,
        years: await programmeYears(db, scope),
        items: await listRegistrations(db, scope),
      }),
    );
  });
  router.put(`${base}/allocation`, auth, async (req, res) => {
    const scope = await scoped(res);
    const row = await setAllocation(db, scope, actorOf(res), parse(hoursAllocationBody, req.body));
    noStore(res).json(hoursAllocation.parse({ shares: row.shares, updatedAt: row.updatedAt.toISOString() }));
  });
  router.post(base, auth, async (req, res) => {
    const scope = await scoped(res);
    const input = parse(prepareRegistrationBody, req.body ?? {});
    noStore(res)
      .status(201)
      .json(hoursRegistration.parse(await prepareRegistration(db, scope, actorOf(res), input)));
  });
  router.post(`${base}/:id/submit`, auth, async (req, res) => {
    const scope = await scoped(res);
    const { id } = parse(idParams, req.params);
    noStore(res).json(hoursRegistration.parse(await submitRegistration(db, scope, actorOf(res), id)));
  });
  router.post(`${base}/:id/return`, auth, async (req, res) => {
    const scope = await scoped(res);
    const { id } = parse(idParams, req.params);
    const { reason } = parse(returnRegistrationBody, req.body);
    noStore(res).json(hoursRegistration.parse(await returnRegistration(db, scope, actorOf(res), id, reason)));
  });
  router.post(`${base}/:id/lock`, auth, async (req, res) => {
    const scope = await scoped(res);
    const { id } = parse(idParams, req.params);
    noStore(res).json(hoursRegistration.parse(await lockRegistration(db, scope, actorOf(res), id)));
  });
  router.get(`${base}/:id/file`, auth, async (req, res) => {
    const scope = await scoped(res);
    const { id } = parse(idParams, req.params);
    const { language } = parse(registrationFileQuery, req.query);
    res.setHeader('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Cache-Control', 'private, no-store');
    await writeRegistrationXlsx(db, scope, id, language, res, (name) =>
      res.setHeader('Content-Disposition', attachment(name)),
    );
  });
  return router;
}
