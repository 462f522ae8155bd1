import { z } from 'zod';
import { bilingual } from '../../i18n';
import { EXCELLENCE_RULES } from '../ids';
import { isoDateSchema, localizedTextSchema, param, schoolYearSchema, sourceRefSchema } from './common';
import { incentiveRulesSchema } from './incentives';

const hoursSchema = z.number().min(0).max(10_000);

const windowSchema = z
  .strictObject({ startYear: schoolYearSchema, endYear: schoolYearSchema })
  .refine(
    (w) => w.startYear <= w.endYear,
    bilingual('起始学年不能晚于结束学年', 'startYear must not be after endYear'),
  );

const environmentsBySchoolSchema = z.strictObject({
  multimedia: z.array(z.string().min(1)).min(1),
  blended: z.array(z.string().min(1)).min(1),
  smart: z.array(z.string().min(1)).min(1),
});

/** Hour rules. null means "no such rule" (e.g. national 2.0 has no separate online minimum). */
const hoursRulesSchema = z.strictObject({
  totalMin: param(hoursSchema),
  onlineMin: param(hoursSchema.nullable()),
  practiceMin: param(hoursSchema.nullable()),
  practiceShareMinPercent: param(z.number().int().min(0).max(100).nullable()),
  onlineMax: param(hoursSchema.nullable()),
  practiceMax: param(hoursSchema.nullable()),
  perCourseMax: param(hoursSchema.nullable()),
  hoursPerCredit: param(z.number().positive().nullable()),
});

/** 2.0 micro-ability selection rules (domain.md §4). */
const selectionRulesSchema = z.strictObject({
  minAbilities: param(z.number().int().min(1).max(30)),
  minDimensions: param(z.number().int().min(0).max(10)),
  environmentsBySchool: param(environmentsBySchoolSchema),
  shortlistEnforced: param(z.boolean()),
});

/**
 * How 校本实践应用 hours are earned (docs/programmes.md): per passed ability, from school-based activities
 * attended, or both, each with its own cap (the category cap `hours.practiceMax` applies on top).
 */
const practiceCreditSchema = z.strictObject({
  /** Hours credited when an ability's grade is final and passes (null: abilities earn no hours). */
  perPassedAbility: param(hoursSchema.nullable()),
  /** Most hours all passed abilities together may credit (null: no cap). */
  abilityMax: param(hoursSchema.nullable()),
  /** Whether attended 校本研修 activities credit the hours they carry (off unless the programme says so). */
  fromActivities: param(z.boolean()),
  /** Most hours all activities together may credit (null: no cap). */
  activityMax: param(hoursSchema.nullable()),
});

/** Two-level review (domain.md §5): the school grades, the county confirms or overrides. */
const reviewRulesSchema = z.strictObject({
  /**
   * `spot-check`: the school's grade is final when given, a county override replaces it (hours follow);
   * `required`: a grade is final only once the county has confirmed or overridden it.
   */
  countyReview: param(z.enum(['spot-check', 'required'])),
  /** Whether one person may give both the school grade and the county decision on one submission. */
  sameAssessorBothLevels: param(z.boolean()),
});

/** How online-course completions reported by an LMS count (docs/completions.md). */
export const BELOW_PASS_RULES = ['credit', 'do-not-credit', 'credit-after-review'] as const;
export type BelowPassRule = (typeof BELOW_PASS_RULES)[number];
const completionRulesSchema = z.strictObject({
  /**
   * Moodle's "Completed (did not achieve pass grade)": credit the hours, do not credit them, or credit them only
   * after an administrator reviewed the rows (every file layout follows it).
   */
  belowPassGrade: param(z.enum(BELOW_PASS_RULES)),
});

/** Evidence rules (domain.md §2). */
export const MISSING_ITEM_RULES = ['incomplete', 'fail'] as const;
const evidenceRulesSchema = z.strictObject({
  /**
   * A submission graded with a required item missing: `incomplete` (the ability stays open and the teacher is told
   * what is missing) or `fail` (不合格 on form alone, as some platforms do, S4).
   */
  missingRequiredItem: param(z.enum(MISSING_ITEM_RULES)),
});

/**
 * What the continuing-education registry (继续教育, domain.md §5) receives for this programme, and when (absent:
 * nothing beyond the counted hours).
 */
const registryRulesSchema = z.strictObject({
  /** 学分 credited when the teacher completes the programme's hours (Henan: the 50 hours give 50 credits). */
  creditsOnHoursComplete: param(z.number().positive().max(1000).nullable()),
  /** 学时 registered when the teacher passes (every requirement met), whatever was counted (Guangdong 1.0: 80). */
  registeredHoursOnPass: param(hoursSchema.positive().nullable()),
  /** How registered hours are split over school years: as counted, or by the county's ratio (hours registration). */
  crossYearAllocation: param(z.enum(['by-school-year', 'county-ratio'])),
  /** Day of the month by which the monthly progress report is due (null: no monthly report). */
  monthlyReportDay: param(z.number().int().min(1).max(28).nullable()),
});

/** 1.0 学前测评 (domain.md §7). */
const selfAssessmentRulesSchema = z.strictObject({
  gatesCourses: param(z.boolean()),
  indicatorCount: param(z.number().int().min(1).max(500)),
});

export const programmeSchema = z.strictObject({
  $comment: z.string().optional(),
  id: z.string().regex(/^[a-z0-9][a-z0-9.-]*$/),
  dataVersion: z.string().min(1),
  edition: z.enum(['1.0', '2.0']),
  name: localizedTextSchema,
  region: z.strictObject({
    level: z.enum(['national', 'province', 'city', 'county', 'institution']),
    code: z.string().min(1),
    name: localizedTextSchema,
  }),
  catalogueId: z.string().min(1),
  sources: z.array(sourceRefSchema),
  period: z.strictObject({
    window: param(windowSchema),
    deadline: param(isoDateSchema.nullable()),
  }),
  hours: hoursRulesSchema,
  selection: selectionRulesSchema.nullable(),
  excellence: param(z.enum(EXCELLENCE_RULES)),
  selfAssessment: selfAssessmentRulesSchema.nullable(),
  /** Absent: practice hours come only from the ledger's other sources. */
  practiceCredit: practiceCreditSchema.optional(),
  /** Absent: spot-check county review by a different person. */
  review: reviewRulesSchema.optional(),
  /** Absent: a completion below the pass grade is not credited. */
  completions: completionRulesSchema.optional(),
  /** Absent: a graded submission missing a required item stays incomplete. */
  evidence: evidenceRulesSchema.optional(),
  /** Absent: the registry gets the counted hours, per school year, with no monthly report set. */
  registry: registryRulesSchema.optional(),
  /** Absent: the county grants no incentives beyond the registry's credits (services/incentives). */
  incentives: incentiveRulesSchema.optional(),
});

export type Programme = z.output<typeof programmeSchema>;
export type ProgrammeInput = z.input<typeof programmeSchema>;
