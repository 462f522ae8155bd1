import { label, message, type Message } from '../../i18n';
import type { HourCategory } from '../ids';
import { hoursToMinutes, minutesToHours, sharePercent } from '../minutes';
import type { Catalogue } from '../schemas/catalogue';
import { fixedMessage, pairKey, prepare, type Prepared } from './prepared';
import type { Programme } from '../schemas/programme';
import type { HourEntry } from '../schemas/records';
import type { CategoryHours, HoursAdjustment, HoursAmount, HoursSummary, YearHours } from './types';

/** Running totals in minutes; converted to the output shape once at the end. */
interface Tally {
  online: number;
  practice: number;
}

const emptyTally = (): Tally => ({ online: 0, practice: 0 });

function adjustment(
  entryIndex: number | null,
  courseId: string | null,
  category: HourCategory,
  minutes: number,
  reason: HoursAdjustment['reason'],
): HoursAdjustment {
  return { entryIndex, courseId, category, minutes, hours: minutesToHours(minutes), reason };
}

/** Optional hour caps: per course (per category), then per category. Returns the minutes removed. */
function applyCaps(programme: Programme, perCourse: Map<string, Tally>, counted: Tally): HoursAdjustment[] {
  const capped: HoursAdjustment[] = [];
  const courseMax = programme.hours.perCourseMax.value;
  if (courseMax !== null) {
    const max = hoursToMinutes(courseMax);
    for (const [courseId, tally] of perCourse) {
      for (const category of ['online', 'practice'] as const) {
        const excess = tally[category] - max;
        if (excess <= 0) continue;
        counted[category] -= excess;
        const reason = message('hours.capped-course', { courseId, max: courseMax, excess: minutesToHours(excess) });
        capped.push(adjustment(null, courseId, category, excess, reason));
      }
    }
  }
  const categoryMax = { online: programme.hours.onlineMax.value, practice: programme.hours.practiceMax.value };
  for (const category of ['online', 'practice'] as const) {
    const maxHours = categoryMax[category];
    if (maxHours === null) continue;
    const excess = counted[category] - hoursToMinutes(maxHours);
    if (excess <= 0) continue;
    counted[category] -= excess;
    const params = { category: label(`label.category.${category}`), max: maxHours, excess: minutesToHours(excess) };
    capped.push(adjustment(null, null, category, excess, message('hours.capped-category', params)));
  }
  return capped;
}

/** An amount of minutes as output, shared between teachers (by minutes, up to 10,000 hours). */
function amount(p: Prepared, minutes: number): HoursAmount {
  const cached = p.amounts.get(minutes);
  if (cached !== undefined) return cached;
  const value = Object.freeze({ minutes, hours: minutesToHours(minutes) });
  if (Number.isInteger(minutes) && minutes >= 0 && minutes < 600000) p.amounts.keep(minutes, value);
  return value;
}

function categoryHours(p: Prepared, online: number, practice: number): CategoryHours {
  return { online: amount(p, online), practice: amount(p, practice), total: amount(p, online + practice) };
}

/**
 * Another category's figures: the same object when they are the same (most teachers: everything recorded counts),
 * none (shared) or else looked up. Results are read-only (no consumer writes to a summary's figures), and JSON is
 * the same whether two fields hold one object or two equal ones.
 */
function hoursLike(
  p: Prepared,
  like: CategoryHours,
  likeOnline: number,
  likePractice: number,
  online: number,
  practice: number,
) {
  if (online === likeOnline && practice === likePractice) return like;
  if (online === 0 && practice === 0) return (p.noHours ??= Object.freeze(categoryHours(p, 0, 0)));
  return categoryHours(p, online, practice);
}

function yearHours(
  p: Prepared,
  schoolYear: number,
  online: number,
  practice: number,
  all: CategoryHours | null,
): YearHours {
  const inWindow = schoolYear >= p.startYear && schoolYear <= p.endYear;
  return {
    schoolYear,
    inWindow,
    online: all === null ? amount(p, online) : all.online,
    practice: all === null ? amount(p, practice) : all.practice,
    total: all === null ? amount(p, online + practice) : all.total,
  };
}

function outsideWindowReason(p: Prepared, schoolYear: number, minutes: number): Message {
  const key = pairKey(minutes, schoolYear);
  const cached = key < 0 ? undefined : p.outsideWindow.get(key);
  if (cached !== undefined) return cached;
  const params = { schoolYear, hours: minutesToHours(minutes), startYear: p.startYear, endYear: p.endYear };
  const reason = fixedMessage('hours.outside-window', params);
  return key < 0 ? reason : p.outsideWindow.keep(key, reason);
}

function unknownTopicReason(p: Prepared, courseId: string, minutes: number): Message {
  const key = `${minutes} ${courseId}`;
  return (
    p.unknownTopic.get(key) ??
    p.unknownTopic.keep(key, fixedMessage('hours.unknown-topic', { courseId, hours: minutesToHours(minutes) }))
  );
}

/** No adjustments (most teachers): one empty list, frozen, shared. */
const NO_ADJUSTMENTS: HoursAdjustment[] = [];
Object.freeze(NO_ADJUSTMENTS);

// Scratch space for the per-year tallies of one call (a teacher has a handful of years; no allocation per call).
const scratchYears: number[] = [];
const scratchOnline: number[] = [];
const scratchPractice: number[] = [];

/**
 * Sorts every hour entry into counted, outside the window or not a topic (1.0), per school year, then applies the
 * programme's caps. Hours of several school years inside the window simply add up.
 */
export function summarizeHours(
  programme: Programme,
  catalogue: Catalogue,
  entries: readonly HourEntry[],
): HoursSummary {
  return summarizeHoursPrepared(prepare(programme, catalogue), entries);
}

/**
 * The counted minutes of the last summary, for the rest of the evaluation (requirements, next actions) to read
 * without going back to the shared amounts (synchronous, never re-entered).
 */
export const countedMinutes = { online: 0, practice: 0 };

export function summarizeHoursPrepared(p: Prepared, entries: readonly HourEntry[]): HoursSummary {
  const { programme, startYear, endYear } = p;
  const topics = p.index.topicCodes;
  let recordedOnline = 0;
  let recordedPractice = 0;
  let outsideOnline = 0;
  let outsidePractice = 0;
  let countedOnline = 0;
  let countedPractice = 0;
  const rules = programme.hours;
  const caps = rules.perCourseMax.value !== null || rules.onlineMax.value !== null || rules.practiceMax.value !== null;
  const perCourse = caps ? new Map<string, Tally>() : null;
  let excluded: HoursAdjustment[] | null = null;
  let yearCount = 0;

  for (let index = 0; index < entries.length; index++) {
    const entry = entries[index] as HourEntry;
    const minutes = hoursToMinutes(entry.hours);
    const { category, schoolYear } = entry;
    const online = category === 'online';
    if (online) recordedOnline += minutes;
    else recordedPractice += minutes;
    let y = 0;
    while (y < yearCount && scratchYears[y] !== schoolYear) y++;
    if (y === yearCount) {
      scratchYears[y] = schoolYear;
      scratchOnline[y] = 0;
      scratchPractice[y] = 0;
      yearCount++;
    }
    if (online) scratchOnline[y] = (scratchOnline[y] as number) + minutes;
    else scratchPractice[y] = (scratchPractice[y] as number) + minutes;
    if (schoolYear < startYear || schoolYear > endYear) {
      if (online) outsideOnline += minutes;
      else outsidePractice += minutes;
      const reason = outsideWindowReason(p, schoolYear, minutes);
      (excluded ??= []).push(adjustment(index, entry.courseId ?? null, category, minutes, reason));
      continue;
    }
    if (topics !== null && entry.courseId !== undefined && !topics.has(entry.courseId)) {
      const reason = unknownTopicReason(p, entry.courseId, minutes);
      (excluded ??= []).push(adjustment(index, entry.courseId, category, minutes, reason));
      continue;
    }
    if (online) countedOnline += minutes;
    else countedPractice += minutes;
    if (perCourse !== null && entry.courseId !== undefined) {
      const course = perCourse.get(entry.courseId) ?? emptyTally();
      course[category] += minutes;
      perCourse.set(entry.courseId, course);
    }
  }

  let capped = NO_ADJUSTMENTS;
  if (perCourse !== null) {
    const counted = { online: countedOnline, practice: countedPractice };
    const made = applyCaps(programme, perCourse, counted);
    if (made.length > 0) capped = made;
    countedOnline = counted.online;
    countedPractice = counted.practice;
  }
  // Most teachers have one school year, nothing outside the window and nothing excluded: the recorded figures are
  // then those of the year and of what counts, and each amount is looked up once.
  const recorded = categoryHours(p, recordedOnline, recordedPractice);
  const byYear = new Array<YearHours>(yearCount);
  for (let i = 0; i < yearCount; i++) {
    // Insertion by school year: a handful of distinct years, each once.
    const year = scratchYears[i] as number;
    const item = yearHours(
      p,
      year,
      scratchOnline[i] as number,
      scratchPractice[i] as number,
      yearCount === 1 ? recorded : null,
    );
    let k = i;
    while (k > 0 && (byYear[k - 1] as YearHours).schoolYear > year) {
      byYear[k] = byYear[k - 1] as YearHours;
      k--;
    }
    byYear[k] = item;
  }
  countedMinutes.online = countedOnline;
  countedMinutes.practice = countedPractice;
  const totalCounted = countedOnline + countedPractice;
  const perCredit = rules.hoursPerCredit.value;
  return {
    recorded,
    outsideWindow: hoursLike(p, recorded, recordedOnline, recordedPractice, outsideOnline, outsidePractice),
    counted: hoursLike(p, recorded, recordedOnline, recordedPractice, countedOnline, countedPractice),
    byYear,
    excluded: excluded ?? NO_ADJUSTMENTS,
    capped,
    practiceSharePercent: sharePercent(countedPractice, totalCounted),
    credits: perCredit === null ? null : Math.floor((totalCounted * 100) / hoursToMinutes(perCredit)) / 100,
  };
}
