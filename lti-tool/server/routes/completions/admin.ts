import { Router } from 'express';
import { idParams } from '../../../../shared/api/common';
import {
  putCourseMappingsBody,
  type CourseMappingList,
  type PutCourseMappingsReply,
} from '../../../../shared/api/course-mappings';
import type { Db } from '../../db/client';
import { adminOf } from '../../http/admin-auth';
import { parse } from '../../http/validate';
import { DomainError } from '../../services/errors';
import {
  deleteCourseMapping,
  listCourseMappings,
  presentCourseMapping,
  upsertCourseMappings,
} from '../../services/completions/course-mappings';
import { mappableProgrammes } from '../../services/completions/course-programmes';
import {
  createCompletionSourceChecked,
  createSourceSchema,
  findSource,
  listSources,
} from '../../services/completions/sources';
import { importUpload, uploadBody } from './uploads';
import { logOf } from '../../http/request-context';

/**
 * The course catalogue, completion sources and file imports on the admin API (`/api/v1/admin/...`, behind
 * requireAdmin: an institution administrator's launch session or an admin key), so institutions can script
 * their monthly loads (`npm run lti -- courses …`).
 */
export function completionsAdminRouter(db: Db): Router {
  const router = Router();

  router.get('/api/v1/admin/course-mappings', async (_req, res) => {
    const { tenantId } = adminOf(res);
    const reply: CourseMappingList = {
      courses: (await listCourseMappings(db, tenantId)).map(presentCourseMapping),
      programmes: await mappableProgrammes(db, tenantId),
    };
    res.setHeader('Cache-Control', 'no-store').json(reply);
  });

  router.put('/api/v1/admin/course-mappings', async (req, res) => {
    const admin = adminOf(res);
    const { courses } = parse(putCourseMappingsBody, req.body ?? {});
    const written = await upsertCourseMappings(db, admin.tenantId, courses, admin.actor);
    const reply: PutCourseMappingsReply = { written: written.length, courses: written.map(presentCourseMapping) };
    res.json(reply);
  });

  router.delete('/api/v1/admin/course-mappings/:id', async (req, res) => {
    const admin = adminOf(res);
    const { id } = parse(idParams, req.params);
    const removed = await deleteCourseMapping(db, admin.tenantId, id, admin.actor);
    res.json({ deleted: true, courseRef: removed.courseRef });
  });

  router.get('/api/v1/admin/completion-sources', async (_req, res) => {
    const { tenantId } = adminOf(res);
    res.json({ sources: await listSources(db, tenantId) });
  });

  router.post('/api/v1/admin/completion-sources', async (req, res) => {
    const admin = adminOf(res);
    const input = parse(createSourceSchema, req.body ?? {});
    const { source, credential } = await createCompletionSourceChecked(db, admin.tenantId, input, admin.actor);
    const { credentialHash: _hash, ...visible } = source;
    res.setHeader('Cache-Control', 'no-store').status(201).json({ source: visible, credential });
  });

  router.post('/api/v1/admin/completion-sources/:id/imports', ...uploadBody, async (req, res) => {
    const admin = adminOf(res);
    const { id } = parse(idParams, req.params);
    const source = await findSource(db, admin.tenantId, id);
    if (!source || source.kind !== 'file') throw new DomainError('not_found');
    const report = await importUpload(db, {
      tenantId: admin.tenantId,
      source,
      body: req.body,
      query: req.query,
      recorder: admin.personId ? { personId: admin.personId } : { system: admin.actor.actorLabel },
      actor: admin.actor,
      log: logOf(res),
    });
    res.status(report.fileIssues.length > 0 ? 422 : 200).json(report);
  });

  return router;
}
