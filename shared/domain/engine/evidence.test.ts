import { describe, expect, it } from 'vitest';
import { catalogue20 } from '../../../test/fixtures/engine/builders';
import { evidenceSubmissionSchema, type EvidenceSubmission } from '../schemas/records';
import { checkSlotLimits, evaluateAbility } from './evidence';

const ability = (code: string) => {
  const found = catalogue20().abilities.find((a) => a.code === code);
  if (!found) throw new Error(code);
  return found;
};
const sub = (input: unknown): EvidenceSubmission => evidenceSubmissionSchema.parse(input);

describe('checkSlotLimits', () => {
  const [plan, report] = ability('A1').evidence.slots;

  it('accepts an item within limits and one without file details', () => {
    expect(
      checkSlotLimits(report!, {
        slotId: 'analysis-report',
        provided: true,
        file: { extension: 'mp4', sizeMb: 80, videoMinutes: 4.5 },
      }),
    ).toEqual([]);
    expect(checkSlotLimits(report!, { slotId: 'analysis-report', provided: true })).toEqual([]);
  });

  it('reports wrong format, size and video length together', () => {
    const problems = checkSlotLimits(report!, {
      slotId: 'analysis-report',
      provided: true,
      file: { extension: 'avi', sizeMb: 900.0417, videoMinutes: 7 },
    });
    expect(problems.map((p) => p.key)).toEqual(['evidence.wrong-extension', 'evidence.too-large', 'evidence.too-long']);
    // One decimal, rounded up: a size just over the limit never reads as the limit itself.
    expect(problems[1]?.zh).toMatch(/的文件为 900\.1 MB，超过上限/);
    expect(problems[2]?.zh).toBe('“学情分析报告”的视频为 7 分钟，超过上限 5 分钟');
    expect(plan?.limits.extensions).toContain('xlsx');
  });

  it('reports a reflection that is too short', () => {
    const reflection = ability('A2').evidence.slots.find((s) => s.id === 'reflection');
    const problems = checkSlotLimits(reflection!, { slotId: 'reflection', provided: true, characters: 120 });
    expect(problems.map((p) => p.en)).toEqual([
      '"teaching reflection" has 120 characters, fewer than the minimum of 300',
    ]);
  });

  it('normalises the extension given in a record', () => {
    const item = sub({
      abilityCode: 'A1',
      state: 'draft',
      items: [{ slotId: 'analysis-plan', provided: true, file: { extension: '.XLSX', sizeMb: 1 } }],
    }).items[0];
    expect(checkSlotLimits(plan!, item!)).toEqual([]);
  });
});

describe('evaluateAbility', () => {
  it('lists missing required slots and unknown items of a draft', () => {
    const status = evaluateAbility(
      ability('A3'),
      sub({
        abilityCode: 'A3',
        state: 'draft',
        items: [
          { slotId: 'presentation', provided: true },
          { slotId: 'poster', provided: true },
        ],
      }),
    );
    expect(status.evidenceComplete).toBe(false);
    expect(status.missingRequiredSlots.map((s) => s.slotId)).toEqual(['topic-statement', 'making-of-video']);
    expect(status.problems.map((p) => p.key)).toEqual([
      'evidence.missing-slot',
      'evidence.missing-slot',
      'evidence.unknown-slot',
    ]);
    expect(status.outcome).toBe('needs_teacher');
  });

  it('treats an optional slot as not needed for completeness', () => {
    const status = evaluateAbility(
      ability('A6'),
      sub({
        abilityCode: 'A6',
        state: 'submitted',
        items: [
          { slotId: 'segment-design', provided: true },
          { slotId: 'classroom-clip', provided: true },
        ],
      }),
    );
    expect(status.evidenceComplete).toBe(true);
    expect(status.outcome).toBe('awaiting_review');
  });

  it('a submitted but incomplete submission needs the teacher', () => {
    const status = evaluateAbility(
      ability('A6'),
      sub({ abilityCode: 'A6', state: 'submitted', items: [{ slotId: 'segment-design', provided: true }] }),
    );
    expect(status.outcome).toBe('needs_teacher');
  });

  it('ignores item grades until the submission is graded', () => {
    const items = [
      { slotId: 'analysis-plan', provided: true, grade: 'pass' },
      { slotId: 'analysis-report', provided: true, grade: 'pass' },
    ];
    expect(evaluateAbility(ability('A1'), sub({ abilityCode: 'A1', state: 'submitted', items })).grade).toBeNull();
    const graded = evaluateAbility(ability('A1'), sub({ abilityCode: 'A1', state: 'graded', items }));
    expect([graded.schoolGrade, graded.grade, graded.gradeLabel?.zh, graded.outcome]).toEqual([
      'pass',
      'pass',
      '合格',
      'passed',
    ]);
  });

  it('keeps the school grade next to a county override', () => {
    const status = evaluateAbility(
      ability('A1'),
      sub({
        abilityCode: 'A1',
        state: 'graded',
        items: [
          { slotId: 'analysis-plan', provided: true, grade: 'excellent' },
          { slotId: 'analysis-report', provided: true, grade: 'excellent' },
        ],
        countyOverride: { grade: 'pass', reviewer: '区教师发展中心' },
      }),
    );
    expect([status.schoolGrade, status.countyGrade, status.grade]).toEqual(['excellent', 'pass', 'pass']);
  });

  it('with no submission: not started, every required slot missing', () => {
    const status = evaluateAbility(ability('B2'), undefined);
    expect(status.submissionState).toBe('not_started');
    expect(status.missingRequiredSlots).toHaveLength(3);
  });
});

describe('record validation', () => {
  it('rejects a grade other than fail on an item that was not provided', () => {
    const result = evidenceSubmissionSchema.safeParse({
      abilityCode: 'A1',
      state: 'graded',
      items: [{ slotId: 'x', provided: false, grade: 'pass' }],
    });
    expect(result.success).toBe(false);
  });

  it('rejects the same slot twice', () => {
    const result = evidenceSubmissionSchema.safeParse({
      abilityCode: 'A1',
      state: 'draft',
      items: [
        { slotId: 'x', provided: true },
        { slotId: 'x', provided: false },
      ],
    });
    expect(result.success).toBe(false);
  });
});
