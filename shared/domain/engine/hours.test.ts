import { describe, expect, it } from 'vitest';
import {
  catalogue10,
  catalogue20,
  multimedia,
  national,
  online,
  practice,
  records,
  v1,
  variant,
} from '../../../test/fixtures/engine/builders';
import { hourEntrySchema } from '../schemas/records';
import { summarizeHours } from './hours';
import { evaluateTeacher } from './evaluate';

const entries = (...list: Array<ReturnType<typeof online>>) => list.map((e) => hourEntrySchema.parse(e));

describe('summarizeHours', () => {
  it('reports hours by category and by school year, in and outside the window', () => {
    const summary = summarizeHours(
      national(),
      catalogue20(),
      entries(online(10, 2019), practice(12.5, 2021), online(5, 2021), practice(3, 2023), online(2, 2018)),
    );
    expect(summary.counted.online.hours).toBe(15);
    expect(summary.counted.practice.hours).toBe(12.5);
    expect(summary.counted.total.minutes).toBe(1650);
    expect(summary.outsideWindow.total.hours).toBe(5);
    expect(summary.recorded.total.hours).toBe(32.5);
    expect(summary.byYear.map((y) => [y.schoolYear, y.inWindow, y.online.hours, y.practice.hours])).toEqual([
      [2018, false, 2, 0],
      [2019, true, 10, 0],
      [2021, true, 5, 12.5],
      [2023, false, 0, 3],
    ]);
    expect(summary.excluded.map((e) => e.entryIndex)).toEqual([3, 4]);
    expect(summary.excluded[0]?.reason.zh).toBe('2023 学年的 3 学时不在项目周期（2019–2022 学年）内，不计入');
    expect(summary.excluded[0]?.reason.en).toBe(
      '3 hours in school year 2023 fall outside the programme window (school years 2019–2022) and do not count',
    );
  });

  it('adds 250 entries of 0.1 h to exactly 25 h, so exactly 50 % practice passes', () => {
    const tenths = Array.from({ length: 250 }, () => practice(0.1));
    const summary = summarizeHours(national(), catalogue20(), entries(online(25), ...tenths));
    expect(summary.counted.practice.minutes).toBe(1500);
    expect(summary.practiceSharePercent).toBe(50);
    const status = evaluateTeacher(national(), catalogue20(), multimedia, records({ hours: [online(25), ...tenths] }));
    expect(status.requirements.filter((r) => r.id.startsWith('hours') || r.id === 'practice-share')).toEqual([
      expect.objectContaining({ id: 'hours-total', met: true }),
      expect.objectContaining({ id: 'practice-share', met: true, actual: 50 }),
    ]);
  });

  it('applies a per-course cap and a category cap, reporting what was cut', () => {
    const programme = variant(national(), (p) => {
      p.hours.perCourseMax.value = 10;
      p.hours.onlineMax.value = 20;
    });
    const summary = summarizeHours(
      programme,
      catalogue20(),
      entries(
        online(8, 2020, { courseId: 'c1' }),
        online(6, 2021, { courseId: 'c1' }),
        online(15, 2020, { courseId: 'c2' }),
        practice(30),
      ),
    );
    // c1: 14 → 10, c2: 15 → 10, online 20 → cap 20 leaves 20; then nothing more to cut.
    expect(summary.capped.map((c) => [c.courseId, c.category, c.hours])).toEqual([
      ['c1', 'online', 4],
      ['c2', 'online', 5],
    ]);
    expect(summary.counted.online.hours).toBe(20);
    const capped = summarizeHours(
      programme,
      catalogue20(),
      entries(online(10, 2020, { courseId: 'a' }), online(10, 2020, { courseId: 'b' }), online(7)),
    );
    expect(capped.counted.online.hours).toBe(20);
    expect(capped.capped[0]?.reason.zh).toBe('网络研修超过上限 20 学时，超出的 7 学时不计入');
  });

  it('converts to credits only when the programme sets a rate', () => {
    expect(summarizeHours(national(), catalogue20(), entries(online(25), practice(25))).credits).toBeNull();
    const programme = variant(national(), (p) => (p.hours.hoursPerCredit.value = 10));
    expect(summarizeHours(programme, catalogue20(), entries(online(25), practice(24.5))).credits).toBe(4.95);
  });

  it('does not count 1.0 hours for a course that is not a topic, and counts entries without a course', () => {
    const summary = summarizeHours(
      v1(),
      catalogue10(),
      entries(online(4, 2015, { courseId: 'T3' }), online(2, 2015, { courseId: 'X1' }), practice(5, 2016)),
    );
    expect(summary.counted.total.hours).toBe(9);
    expect(summary.excluded[0]?.reason.en).toBe('Course X1 is not a topic of this programme; its 2 hours do not count');
  });
});

describe('the hour requirements in the engine’s result', () => {
  const req = (onlineHours: number, practiceHours: number) =>
    evaluateTeacher(
      national(),
      catalogue20(),
      multimedia,
      records({ hours: [online(onlineHours), practice(practiceHours)] }),
    ).requirements.filter((r) => r.id === 'hours-total' || r.id === 'practice-share');

  it('gives actual, required and a sentence in both languages', () => {
    const [total, share] = req(30, 10);
    expect(total).toMatchObject({ id: 'hours-total', met: false, actual: 40, required: 50, unit: 'hours' });
    expect(total?.message.zh).toBe('总学时 40 学时，还差 10 学时（要求不少于 50 学时）');
    expect(share).toMatchObject({ id: 'practice-share', met: false, actual: 25, required: 50, unit: 'percent' });
    expect(share?.message.en).toBe('Practice is 25% of the hours, below the required 50%');
  });

  it('shows a failing share just under 50 % as 49.9, never rounded up to 50', () => {
    const [, share] = req(25.01, 24.99);
    expect(share?.met).toBe(false);
    expect(share?.actual).toBe(49.9);
  });
});
