import { Router } from 'express';
import type { Db } from '../../db/client';
import { requireSession } from '../../http/session-auth';
import { abilityPage } from '../../services/teacher-journey/ability-page';
import {
  chooseSchool,
  requireEnrolment,
  resolveEnrolment,
  type EnrolmentState,
} from '../../services/teacher-journey/enrolment';
import { teacherStatus } from '../../services/teacher-journey/records';
import { catalogueFor, setSelections } from '../../services/teacher-journey/selections';
import { AppError } from '../../http/errors';
import { errorMessage } from '../../../../shared/errors';
import { noStore, parse, who } from './edge';
import { abilityParams, chooseSchoolBody, selectionsBody } from './schemas';

/** The enrolment as the app shows it: a message for an unlinked course, the schools to pick from, or the place. */
function enrolmentView(state: EnrolmentState) {
  if (state.state === 'unlinked') {
    return {
      state: state.state,
      message: { zh: errorMessage('course_not_linked', 'zh-CN'), en: errorMessage('course_not_linked', 'en') },
    };
  }
  const programme = {
    id: state.link.instance.id,
    name: state.link.instance.name,
    definitionId: state.link.instance.definitionId,
  };
  if (state.state === 'needs_school') {
    return { state: state.state, programme, schools: state.schools.map((s) => ({ id: s.id, name: s.name })) };
  }
  const { enrolment, school } = state;
  return {
    state: state.state,
    programme,
    enrolment: { id: enrolment.id, status: enrolment.status, groupId: enrolment.groupId },
    school: { id: school.id, name: school.name, environment: school.teachingEnvironment },
  };
}

/** The teacher's own record: enrolment, engine status, catalogue and selections, ability task pages. */
export function teacherRouter(db: Db): Router {
  const router = Router();
  const auth = requireSession(db);

  router.get('/api/v1/me/enrolment', auth, async (_req, res) => {
    const { session, actor } = who(res);
    if (!session.toolRoles.includes('teacher')) throw new AppError('forbidden');
    noStore(res).json(enrolmentView(await resolveEnrolment(db, session, actor)));
  });
  router.put('/api/v1/me/school', auth, async (req, res) => {
    const { session, actor } = who(res);
    if (!session.toolRoles.includes('teacher')) throw new AppError('forbidden');
    noStore(res).json(enrolmentView(await chooseSchool(db, session, parse(chooseSchoolBody, req.body), actor)));
  });
  router.get('/api/v1/me/status', auth, async (_req, res) => {
    const { session, actor } = who(res);
    const enrolled = await requireEnrolment(db, session, actor);
    const status = await teacherStatus(db, enrolled.enrolment, enrolled.link.instance, enrolled.school);
    noStore(res).json({ enrolment: enrolmentView(enrolled), status });
  });
  router.get('/api/v1/catalogue', auth, async (_req, res) => {
    const { session, actor } = who(res);
    noStore(res).json(await catalogueFor(db, await requireEnrolment(db, session, actor)));
  });
  router.put('/api/v1/me/selections', auth, async (req, res) => {
    const { session, actor } = who(res);
    const enrolled = await requireEnrolment(db, session, actor);
    const { abilities } = parse(selectionsBody, req.body);
    noStore(res).json(await setSelections(db, enrolled, abilities, actor));
  });
  router.get('/api/v1/me/abilities/:code', auth, async (req, res) => {
    const { session, actor } = who(res);
    const enrolled = await requireEnrolment(db, session, actor);
    noStore(res).json(await abilityPage(db, enrolled, parse(abilityParams, req.params).code));
  });
  return router;
}
