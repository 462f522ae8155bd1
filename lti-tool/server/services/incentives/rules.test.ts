import { describe, expect, it } from 'vitest';
import { getProgramme } from '../../../../shared/programmes/registry';
import {
  addTeacherResults,
  averageScore,
  incentiveRulesOf,
  kindEnabled,
  schoolEligible,
  teacherEligible,
  type SchoolResults,
  type TeacherFigures,
} from './rules';

const henan = incentiveRulesOf(getProgramme('cn-henan-2.0'))!;
const teacher = (t: Partial<TeacherFigures>): TeacherFigures => ({
  unmetRequirements: [],
  grade: null,
  abilitiesGraded: 0,
  abilitiesPassed: 0,
  abilitiesExcellent: 0,
  ...t,
});
const school = (...teachers: TeacherFigures[]) => {
  const s: SchoolResults = { teachers: 0, teachersGraded: 0, resultsGraded: 0, scoreSum: 0 };
  for (const t of teachers) addTeacherResults(henan, s, t);
  return s;
};

describe('the Henan incentive rules on the engine figures', () => {
  it('are data: Henan grants all four, national 2.0 none until an instance sets them, 1.0 has no section', () => {
    expect(henan).toMatchObject({
      creditsOnHoursComplete: 50,
      excellentLearnerScore: 100,
      modelSchoolAverageScore: 100,
    });
    const national = incentiveRulesOf(getProgramme('cn-national-2.0'));
    expect(
      ['credits', 'excellent_learner', 'model_school', 'excellent_principal'].map((k) =>
        kindEnabled(national, k as 'credits'),
      ),
    ).toEqual([false, false, false, false]);
    expect(incentiveRulesOf(getProgramme('cn-national-1.0'))).toBeNull();
    expect(incentiveRulesOf(getProgramme('cn-guangdong-1.0'))).toBeNull();
  });

  it("reads the credits from the registry section (one value), so they follow the registry's overrides", () => {
    const programme = getProgramme('cn-henan-2.0');
    expect(incentiveRulesOf(programme)?.creditsOnHoursComplete).toBe(programme.registry?.creditsOnHoursComplete.value);
    const { incentives: _dropped, ...withoutSection } = programme;
    expect(incentiveRulesOf(withoutSection)).toMatchObject({ creditsOnHoursComplete: 50, excellentLearnerScore: null });
  });

  it('credits follow the hour requirements only; 优秀学员 needs the score of 优秀', () => {
    expect(teacherEligible(henan, 'credits', teacher({ unmetRequirements: ['abilities-passed'] }))).toBe(true);
    expect(teacherEligible(henan, 'credits', teacher({ unmetRequirements: ['hours-practice'] }))).toBe(false);
    expect(teacherEligible(henan, 'excellent_learner', teacher({ grade: 'excellent' }))).toBe(true);
    expect(teacherEligible(henan, 'excellent_learner', teacher({ grade: 'pass' }))).toBe(false);
    expect(teacherEligible(henan, 'excellent_learner', teacher({}))).toBe(false);
    expect(
      teacherEligible({ ...henan, excellentLearnerScore: 80 }, 'excellent_learner', teacher({ grade: 'pass' })),
    ).toBe(true);
  });

  it('示范校: every teacher graded and every result 优秀; one 合格 or an ungraded teacher is enough to miss it', () => {
    const all = teacher({ abilitiesGraded: 3, abilitiesPassed: 3, abilitiesExcellent: 3 });
    expect(schoolEligible(henan, school(all, all))).toBe(true);
    expect(averageScore(school(all, all))).toBe(100);
    const onePass = teacher({ abilitiesGraded: 3, abilitiesPassed: 3, abilitiesExcellent: 2 });
    expect(averageScore(school(all, onePass))).toBe(96.7);
    expect(schoolEligible(henan, school(all, onePass))).toBe(false);
    expect(schoolEligible(henan, school(all, teacher({})))).toBe(false);
    expect(schoolEligible({ ...henan, modelSchoolCoveragePercent: 50 }, school(all, teacher({})))).toBe(true);
    expect(schoolEligible(henan, school(teacher({})))).toBe(false);
  });
});
