import { Router, type Request, type Response } from 'express';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db/client';
import { people } from '../../db/schema';
import { isUniqueViolation, databaseError, SqlState } from '../../db/errors';
import { AppError } from '../../http/errors';
import { requireSession, sessionOf } from '../../http/session-auth';
import type { AuditActor } from '../../services/audit';
import {
  apiBatchSchema,
  apiCompletionSchema,
  recordApiCompletions,
  voidApiCompletion,
} from '../../services/completions/feeds/api';
import { putCourseMappingsBody } from '../../../../shared/api/course-mappings';
import {
  listCourseMappings,
  presentCourseMapping,
  upsertCourseMappings,
} from '../../services/completions/course-mappings';
import { LedgerError, teacherLedger, voidCompletion } from '../../services/completions/ledger';
import {
  createCompletionSource,
  createSourceSchema,
  findSource,
  listSources,
  rotateSourceCredential,
} from '../../services/completions/sources';
import { loadEnrolmentContext } from '../../services/completions/status';
import { requireApiSource, sourceOf } from './auth';
import { importUpload, uploadBody } from './uploads';

export { MAX_UPLOAD_BYTES } from './uploads';

function parse<T>(schema: z.ZodType<T>, body: unknown): T {
  const result = schema.safeParse(body ?? {});
  if (!result.success) {
    throw new AppError(
      'validation_failed',
      result.error.issues.map((i) => ({ field: i.path.join('.'), problem: i.message })),
    );
  }
  return result.data;
}

function requireAdmin(res: Response) {
  const session = sessionOf(res);
  if (!session.toolRoles.includes('institution_admin')) throw new AppError('forbidden');
  return session;
}

async function sessionActor(db: Db, req: Request, res: Response): Promise<AuditActor> {
  const session = sessionOf(res);
  const [person] = await db.select({ name: people.displayName }).from(people).where(eq(people.id, session.personId));
  return {
    actorPersonId: session.personId,
    actorLabel: person?.name ?? session.personId,
    client: 'web',
    requestId: (res.locals.requestId as string | undefined) ?? req.get('x-request-id') ?? null,
  };
}

const uuidParam = (value: unknown) => {
  const parsed = z.uuid().safeParse(value);
  if (!parsed.success) throw new AppError('not_found');
  return parsed.data;
};

const voidBody = z.strictObject({ reason: z.string().trim().min(1).max(500) });
const apiVoidBody = z.strictObject({
  externalId: z.string().trim().min(1).max(200),
  reason: z.string().trim().min(1).max(500),
});

/**
 * Course completions and the hours ledger. Institution administrators (launch session) manage sources, the course
 * catalogue and file imports, and read any ledger of their tenant; a teacher reads their own ledger. Platform
 * servers post completions with their source's API key.
 */
export function completionsRouter(db: Db): Router {
  const router = Router();
  const session = requireSession(db);
  const apiSource = requireApiSource(db);

  // — Platform servers (API key) —
  router.post('/api/v1/completions', apiSource, async (req, res) => {
    const source = sourceOf(res);
    const completion = parse(apiCompletionSchema, req.body);
    const [result] = await recordApiCompletions(db, {
      source,
      completions: [completion],
      actor: { actorLabel: `api:${source.name}`, client: 'api', requestId: res.locals.requestId as string },
      requestId: res.locals.requestId as string,
    });
    if (result!.status === 'rejected') {
      throw new AppError('validation_failed', { externalId: result!.externalId, issues: result!.issues });
    }
    res.status(result!.status === 'created' ? 201 : 200).json(result);
  });

  router.post('/api/v1/completions/batch', apiSource, async (req, res) => {
    const source = sourceOf(res);
    const { completions } = parse(apiBatchSchema, req.body);
    const results = await recordApiCompletions(db, {
      source,
      completions,
      actor: { actorLabel: `api:${source.name}`, client: 'api', requestId: res.locals.requestId as string },
      requestId: res.locals.requestId as string,
    });
    const summary = { created: 0, unchanged: 0, duplicate: 0, rejected: 0 };
    for (const r of results) summary[r.status]++;
    res.json({ summary, results });
  });

  router.post('/api/v1/completions/void', apiSource, async (req, res) => {
    const source = sourceOf(res);
    const body = parse(apiVoidBody, req.body);
    const result = await voidApiCompletion(db, {
      source,
      ...body,
      actor: { actorLabel: `api:${source.name}`, client: 'api', requestId: res.locals.requestId as string },
    });
    if (!result) throw new AppError('not_found');
    res.json({ externalId: body.externalId, voided: true, correctionEntryId: result.correctionId });
  });

  // — Institution administrators and teachers (launch session) —
  router.get('/api/v1/completions/sources', session, async (_req, res) => {
    const { tenantId } = requireAdmin(res);
    res.json({ sources: await listSources(db, tenantId) });
  });

  router.post('/api/v1/completions/sources', session, async (req, res) => {
    const { tenantId } = requireAdmin(res);
    const input = parse(createSourceSchema, req.body);
    try {
      const { source, credential } = await createCompletionSource(db, tenantId, input);
      const { credentialHash: _hash, ...visible } = source;
      res.status(201).json({ source: visible, credential });
    } catch (err) {
      if (isUniqueViolation(err)) throw new AppError('conflict', { field: 'name' });
      // A programme instance or platform of another tenant fails the composite foreign key.
      if (databaseError(err)?.code === SqlState.foreignKeyViolation) throw new AppError('not_found');
      throw err;
    }
  });

  router.post('/api/v1/completions/sources/:sourceId/credential', session, async (req, res) => {
    const { tenantId } = requireAdmin(res);
    const credential = await rotateSourceCredential(db, tenantId, uuidParam(req.params.sourceId));
    if (!credential) throw new AppError('not_found');
    res.json({ credential });
  });

  router.get('/api/v1/completions/courses', session, async (_req, res) => {
    const { tenantId } = requireAdmin(res);
    res.json({ courses: (await listCourseMappings(db, tenantId)).map(presentCourseMapping) });
  });

  router.put('/api/v1/completions/courses', session, async (req, res) => {
    const { tenantId } = requireAdmin(res);
    const { courses } = parse(putCourseMappingsBody, req.body);
    const written = await upsertCourseMappings(db, tenantId, courses, await sessionActor(db, req, res));
    res.json({ written: written.length });
  });

  router.post('/api/v1/completions/sources/:sourceId/imports', session, ...uploadBody, async (req, res) => {
    const { tenantId, personId } = requireAdmin(res);
    const source = await findSource(db, tenantId, uuidParam(req.params.sourceId));
    if (!source || source.kind !== 'file') throw new AppError('not_found');
    const report = await importUpload(db, {
      tenantId,
      source,
      body: req.body,
      query: req.query,
      recorder: { personId },
      actor: await sessionActor(db, req, res),
    });
    res.status(report.fileIssues.length > 0 ? 422 : 200).json(report);
  });

  router.get('/api/v1/completions/ledger/:enrolmentId', session, async (req, res) => {
    const current = sessionOf(res);
    const enrolmentId = uuidParam(req.params.enrolmentId);
    const context = await loadEnrolmentContext(db, current.tenantId, enrolmentId);
    if (!context) throw new AppError('not_found');
    const mayRead = current.toolRoles.includes('institution_admin') || context.personId === current.personId;
    if (!mayRead) throw new AppError('not_found');
    res.setHeader('Cache-Control', 'no-store');
    res.json(await teacherLedger(db, current.tenantId, enrolmentId));
  });

  router.post('/api/v1/completions/:completionId/void', session, async (req, res) => {
    const { tenantId, personId } = requireAdmin(res);
    const completionId = uuidParam(req.params.completionId);
    const { reason } = parse(voidBody, req.body);
    try {
      const correctionId = await voidCompletion(db, {
        tenantId,
        completionId,
        reason,
        recorder: { personId },
        actor: await sessionActor(db, req, res),
      });
      res.json({ completionId, voided: true, correctionEntryId: correctionId });
    } catch (err) {
      if (err instanceof LedgerError) throw new AppError('not_found');
      throw err;
    }
  });

  return router;
}
