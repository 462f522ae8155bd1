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
import { errorMessage } from '../../../../shared/errors';
import { parse, who } from '../edge';
import {
  abilityPageReply,
  abilityParams,
  catalogueReply,
  chooseSchoolBody,
  enrolmentReply,
  selectionsBody,
  statusReply,
} from '../../../../shared/api/teacher';
import { send } from '../../http/reply';
import { requireRole } from '../../policies/roles';

function programmeOf(state: Exclude<EnrolmentState, { state: 'unlinked' }>) {
  const { id, name, definitionId } = state.link.instance;
  return { id, name, definitionId };
}

/** The enrolment as the app shows it: a message for an unlinked course, the schools to pick from, or the place. */
function enrolmentView(state: EnrolmentState) {
  if (state.state === 'unlinked') {
    return {
      state: state.state,
      message: { zh: errorMessage('course_not_linked', 'zh-CN'), en: errorMessage('course_not_linked', 'en') },
    };
  }
  if (state.state === 'needs_school') {
    return {
      state: state.state,
      programme: programmeOf(state),
      schools: state.schools.map((s) => ({ id: s.id, name: s.name })),
    };
  }
  return enrolledView(state);
}

function enrolledView(state: Extract<EnrolmentState, { state: 'enrolled' }>) {
  const { enrolment, school } = state;
  return {
    state: state.state,
    programme: programmeOf(state),
    enrolment: { id: enrolment.id, status: enrolment.status, groupId: enrolment.groupId },
    school: { id: school.id, name: school.name, environment: school.teachingEnvironment },
  };
}

/** The teacher's own record: enrolment, engine status, catalogue and selections, ability task pages. */
export function abilitiesRouter(db: Db): Router {
  const router = Router();
  const auth = requireSession(db);

  router.get('/api/v1/me/enrolment', auth, async (_req, res) => {
    const { actor } = who(res);
    requireRole(actor, 'teacher');
    send(res, enrolmentReply, enrolmentView(await resolveEnrolment(db, actor)));
  });
  router.put('/api/v1/me/school', auth, async (req, res) => {
    const { actor } = who(res);
    requireRole(actor, 'teacher');
    send(res, enrolmentReply, enrolmentView(await chooseSchool(db, actor, parse(chooseSchoolBody, req.body))));
  });
  router.get('/api/v1/me/status', auth, async (_req, res) => {
    const { actor } = who(res);
    const enrolled = await requireEnrolment(db, actor);
    const status = await teacherStatus(db, enrolled.enrolment, enrolled.link.instance, enrolled.school);
    send(res, statusReply, { enrolment: enrolledView(enrolled), status });
  });
  router.get('/api/v1/catalogue', auth, async (_req, res) => {
    const { actor } = who(res);
    send(res, catalogueReply, await catalogueFor(db, await requireEnrolment(db, actor)));
  });
  router.put('/api/v1/me/selections', auth, async (req, res) => {
    const { actor, audit } = who(res);
    const enrolled = await requireEnrolment(db, actor);
    const { abilities } = parse(selectionsBody, req.body);
    send(res, catalogueReply, await setSelections(db, enrolled, abilities, audit));
  });
  router.get('/api/v1/me/abilities/:code', auth, async (req, res) => {
    const { actor } = who(res);
    const enrolled = await requireEnrolment(db, actor);
    send(res, abilityPageReply, await abilityPage(db, enrolled, parse(abilityParams, req.params).code));
  });
  return router;
}
