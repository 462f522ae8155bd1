/**
 * The engine's full results, pinned: the JSON of every result for generated teachers (the benchmark's mix plus
 * the odd cases of test/fixtures/engine/varied-teachers.ts) under every shipped programme and two overridden
 * instances, at several as-of dates, hashes to the value recorded here from the engine as it was. It guards
 * speed work (prepared.ts, the shared parts of results): such changes must not move a single field or key order.
 *
 * When the rules or the output change on purpose, regenerate the hashes after checking the change in the other
 * engine tests: `ENGINE_GOLDEN_PRINT=1 npx vitest run shared/domain/engine/evaluate-golden.test.ts` prints the
 * current hash for each size; copy it into GOLDEN and say why in the commit. ENGINE_GOLDEN_N=25000 runs a larger
 * sample (its hash is recorded too) for a change to the caches, whose limits only bite on many distinct figures.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { generateVariedTeachers } from '../../../test/fixtures/engine/varied-teachers';
import { applyParameterOverrides, type ParameterOverrides } from '../../programmes/overrides';
import { getCatalogue, getProgramme } from '../../programmes/registry';
import { schoolContextSchema, teacherRecordsSchema } from '../schemas/records';
import type { Programme } from '../schemas/programme';
import { evaluateTeacher } from './evaluate';

/** Teachers → sha256 of the results; a size missing here fails with its hash printed. */
const GOLDEN: Record<number, string> = {
  400: '9ec5b9e29c91f699f6acc00b1455f741424bbe210545b47fda26ee43e02a5245',
  1000: 'cd54d474ab77509209b3c8d5eb50bf76bafa4aa13c9a282b6e186359eb071d91',
  25000: 'e0852397c59b698b6d0485cc98e0a41c57a8672886fa79e9236f43185d9745bd',
};

const SEED = 20190;
const N = Number(process.env.ENGINE_GOLDEN_N ?? 400);
/** The larger samples run by hand take minutes on a loaded machine; the default stays within the usual limit. */
const LARGE_TIMEOUT = N > 400 ? 30 * 60_000 : undefined;

function overridden(id: string, overrides: ParameterOverrides): Programme {
  const outcome = applyParameterOverrides(getProgramme(id), overrides);
  if (!outcome.ok) throw new Error(JSON.stringify(outcome.issues));
  return outcome.programme;
}

const PROGRAMMES: Array<[string, () => Programme]> = [
  ['cn-national-2.0', () => getProgramme('cn-national-2.0')],
  ['cn-henan-2.0', () => getProgramme('cn-henan-2.0')],
  ['cn-national-1.0', () => getProgramme('cn-national-1.0')],
  ['cn-guangdong-1.0', () => getProgramme('cn-guangdong-1.0')],
  [
    'cn-national-2.0 with caps, credits, registry and other rules overridden',
    () =>
      overridden('cn-national-2.0', {
        'period.deadline': '2023-06-30',
        'hours.onlineMin': 15,
        'hours.practiceMin': 20,
        'hours.perCourseMax': 12,
        'hours.onlineMax': 30,
        'hours.practiceMax': 35,
        'hours.hoursPerCredit': 2.5,
        'selection.minAbilities': 2,
        'selection.shortlistEnforced': false,
        excellence: 'minimum-set',
        'evidence.missingRequiredItem': 'fail',
        'registry.creditsOnHoursComplete': 40,
        'registry.registeredHoursOnPass': 60,
        'registry.monthlyReportDay': 10,
      }),
  ],
  [
    'cn-national-1.0 without the gate, a shorter window and a course cap',
    () =>
      overridden('cn-national-1.0', {
        'period.window': { startYear: 2013, endYear: 2016 },
        'selfAssessment.gatesCourses': false,
        'selfAssessment.indicatorCount': 30,
        'hours.perCourseMax': 8,
      }),
  ],
];

// No date (no deadline judgement); after the 1.0 deadline; after the national 2.0 one, before Henan's.
const DATES: Array<string | undefined> = [undefined, '2019-03-01', '2023-07-20T09:30:00+08:00'];

describe('engine results (golden hash)', () => {
  const teachers = generateVariedTeachers(N, SEED);

  it('are generated as valid input', () => {
    for (const t of teachers) {
      expect(schoolContextSchema.safeParse(t.school).success).toBe(true);
      const parsed = teacherRecordsSchema.safeParse(t.records);
      expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
    }
  });

  it(
    `hash as recorded for ${N} teachers × ${PROGRAMMES.length} programmes × ${DATES.length} dates`,
    () => {
      const hash = createHash('sha256');
      const seen = { states: new Set<string>(), excluded: 0, capped: 0, returned: 0, ignored: 0 };
      for (const [name, make] of PROGRAMMES) {
        const programme = make();
        const catalogue = getCatalogue(programme.catalogueId);
        for (const asOf of DATES) {
          hash.update(`${name} ${asOf ?? '-'}\n`);
          for (const t of teachers) {
            const status = evaluateTeacher(programme, catalogue, t.school, t.records, asOf ? { asOf } : {});
            hash.update(JSON.stringify(status));
            hash.update('\n');
            seen.states.add(`${programme.edition} ${status.state}`);
            seen.excluded += status.hours.excluded.length;
            seen.capped += status.hours.capped.length;
            seen.returned += status.abilities.filter((a) => a.returnReason !== null).length;
            seen.ignored += status.ignoredEvidence.length;
          }
        }
      }
      const digest = hash.digest('hex');
      if (process.env.ENGINE_GOLDEN_PRINT) console.log(`ENGINE_GOLDEN ${N}: '${digest}'`);
      // The mix reaches the paths the hash is meant to pin.
      expect(seen.states.size).toBeGreaterThanOrEqual(8);
      for (const count of [seen.excluded, seen.capped, seen.returned, seen.ignored]) expect(count).toBeGreaterThan(0);
      expect(GOLDEN[N], `no recorded hash for ${N} teachers; this run's: ${digest}`).toBeDefined();
      expect(digest).toBe(GOLDEN[N]);
    },
    LARGE_TIMEOUT,
  );
});
