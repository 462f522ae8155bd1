import { describe, it } from 'vitest';
import {
  FOUR_DIMENSIONS,
  THREE_DIMENSIONS,
  blended,
  fullHours,
  graded,
  national,
  online,
  practice,
  select,
  submission,
  variant,
} from '../../../test/fixtures/engine/builders';
import { checkCase, type EngineCase } from '../../../test/fixtures/engine/cases';

const passedThree = THREE_DIMENSIONS.map((code) => graded(code, 'pass'));
const excellentThree = THREE_DIMENSIONS.map((code) => graded(code, 'excellent'));
const allHoursAndAbilities = { selections: select(...THREE_DIMENSIONS), hours: fullHours(), evidence: passedThree };

/** National 2.0 cases from the programme documents (domain.md §2–§4) and the semantics in docs/engine.md. */
const CASES: EngineCase[] = [
  {
    name: 'nothing recorded → not_started; first choose abilities, then hours',
    input: {},
    state: 'not_started',
    unmet: [
      'hours-total',
      'practice-share',
      'abilities-selected',
      'dimensions-selected',
      'abilities-passed',
      'dimensions-passed',
    ],
    actions: ['choose-abilities', 'cover-dimensions', 'log-practice-hours', 'log-hours'],
  },
  {
    name: 'three abilities graded 合格 and 25 + 25 h (exactly 50 % practice) → ready_to_certify, not excellent',
    input: allHoursAndAbilities,
    state: 'ready_to_certify',
    unmet: [],
    actions: ['request-certification'],
    excellent: false,
  },
  {
    name: 'all counted abilities 优秀 → excellent',
    input: { ...allHoursAndAbilities, evidence: excellentThree },
    state: 'ready_to_certify',
    excellent: true,
  },
  {
    name: 'all 优秀 but hours short → not excellent (excellence needs every requirement)',
    input: { ...allHoursAndAbilities, evidence: excellentThree, hours: [online(25), practice(24)] },
    state: 'in_progress',
    unmet: ['hours-total', 'practice-share'],
    actions: ['log-practice-hours'],
    excellent: false,
  },
  {
    name: 'practice 49 % (25.5 online + 24.5 practice) fails the share although the total is met',
    input: { ...allHoursAndAbilities, hours: [online(25.5), practice(24.5)] },
    state: 'in_progress',
    unmet: ['practice-share'],
    actions: ['log-practice-hours'],
  },
  {
    name: 'hours split over two school years inside the window add up',
    input: { ...allHoursAndAbilities, hours: [online(25, 2019), practice(10, 2020), practice(15, 2022)] },
    state: 'ready_to_certify',
  },
  {
    name: 'hours outside the window do not count',
    input: { ...allHoursAndAbilities, hours: [online(25, 2020), practice(25, 2018)] },
    state: 'in_progress',
    unmet: ['hours-total', 'practice-share'],
  },
  {
    name: 'a fourth ability outside the school environment does not count but does not block',
    input: { ...allHoursAndAbilities, selections: select(...THREE_DIMENSIONS, 'B2') },
    state: 'ready_to_certify',
  },
  {
    name: 'a 不合格 item hiding among 优秀 items fails the ability → rework it',
    input: {
      ...allHoursAndAbilities,
      evidence: [graded('A1', 'excellent', { 'analysis-report': 'fail' }), ...passedThree.slice(1)],
    },
    state: 'in_progress',
    unmet: ['abilities-passed', 'dimensions-passed'],
    actions: ['rework-failed-ability'],
  },
  {
    name: 'a returned submission → in_progress with an action to resubmit, ahead of hours',
    input: {
      selections: select(...THREE_DIMENSIONS),
      hours: [online(25)],
      evidence: [{ ...submission('A1'), state: 'returned', returnReason: '报告超时' }, ...passedThree.slice(1)],
    },
    state: 'in_progress',
    actions: ['resubmit-evidence', 'log-practice-hours'],
  },
  {
    name: 'everything submitted, nothing graded yet → awaiting_review',
    input: { ...allHoursAndAbilities, evidence: THREE_DIMENSIONS.map((code) => submission(code)) },
    state: 'awaiting_review',
    unmet: ['abilities-passed', 'dimensions-passed'],
    actions: ['await-review'],
  },
  {
    name: 'submitted but hours missing → in_progress (the teacher still has something to do)',
    input: { ...allHoursAndAbilities, hours: [], evidence: THREE_DIMENSIONS.map((code) => submission(code)) },
    state: 'in_progress',
    actions: ['log-practice-hours', 'log-hours', 'await-review'],
  },
  {
    name: 'a draft with everything provided → submit it',
    input: { ...allHoursAndAbilities, evidence: [submission('A1', 'draft'), ...passedThree.slice(1)] },
    state: 'in_progress',
    actions: ['submit-evidence'],
  },
  {
    name: 'dimension coverage 2 of 4 fails (A1, A2, A3: learner analysis and design only)',
    input: {
      ...allHoursAndAbilities,
      selections: select('A1', 'A2', 'A3'),
      evidence: ['A1', 'A2', 'A3'].map((c) => graded(c, 'pass')),
    },
    state: 'in_progress',
    unmet: ['dimensions-selected', 'dimensions-passed'],
    actions: ['cover-dimensions'],
  },
  {
    name: 'a shortlist excludes an ability that is not on it',
    school: { environment: 'multimedia', shortlist: ['A1', 'A3', 'A6'] },
    input: allHoursAndAbilities,
    state: 'in_progress',
    unmet: ['abilities-selected', 'dimensions-selected', 'abilities-passed', 'dimensions-passed'],
    actions: ['choose-abilities', 'cover-dimensions'],
  },
  {
    name: 'the shortlist is ignored when the programme does not enforce it',
    programme: () => variant(national(), (p) => p.selection && (p.selection.shortlistEnforced.value = false)),
    school: { environment: 'multimedia', shortlist: ['A1', 'A3', 'A6'] },
    input: allHoursAndAbilities,
    state: 'ready_to_certify',
  },
  {
    name: 'a blended school counts a B ability',
    school: blended,
    input: {
      ...allHoursAndAbilities,
      selections: select('A1', 'B2', 'A10'),
      evidence: ['A1', 'B2', 'A10'].map((c) => graded(c, 'pass')),
    },
    state: 'ready_to_certify',
  },
  {
    name: 'a certificate → certified, no further actions',
    input: { ...allHoursAndAbilities, certificate: { issuedAt: '2022-11-30', number: 'HN-2022-001' } },
    state: 'certified',
    actions: [],
  },
  {
    name: 'a county override of 不合格 replaces the school grade',
    input: {
      ...allHoursAndAbilities,
      evidence: [{ ...graded('A1', 'pass'), countyOverride: { grade: 'fail' } }, ...passedThree.slice(1)],
    },
    state: 'in_progress',
    actions: ['rework-failed-ability'],
  },
  {
    name: 'graded with a required item missing → not failed on form: stays open, the teacher is told what is missing',
    input: {
      ...allHoursAndAbilities,
      evidence: [
        {
          abilityCode: 'A1',
          state: 'graded',
          items: [{ slotId: 'analysis-plan', provided: true, grade: 'excellent' }],
        },
        ...passedThree.slice(1),
      ],
    },
    state: 'in_progress',
    actions: ['complete-evidence'],
  },
  {
    name: 'grading started but not finished → awaiting_review',
    input: {
      ...allHoursAndAbilities,
      evidence: [
        {
          abilityCode: 'A1',
          state: 'graded',
          items: [
            { slotId: 'analysis-plan', provided: true, grade: 'pass' },
            { slotId: 'analysis-report', provided: true },
          ],
        },
        ...passedThree.slice(1),
      ],
    },
    state: 'awaiting_review',
    actions: ['await-review'],
  },
  {
    name: 'three of four counted abilities passed: the open fourth does not block certification',
    input: {
      ...allHoursAndAbilities,
      selections: select(...FOUR_DIMENSIONS),
      evidence: [...passedThree, submission('A6', 'draft')],
    },
    state: 'ready_to_certify',
  },
];

describe('evaluateTeacher: national 2.0 cases', () => {
  it.each(CASES)('$name', checkCase);
});
