import { label, message } from '../../i18n';
import type { HourCategory } from '../ids';
import { hoursToMinutes, minutesToHours, sharePercent } from '../minutes';
import type { Catalogue } from '../schemas/catalogue';
import { indexCatalogue } from './catalogue-index';
import type { Programme } from '../schemas/programme';
import type { HourEntry } from '../schemas/records';
import type { CategoryHours, HoursAdjustment, HoursSummary, YearHours } from './types';

/** Running totals in minutes; converted to the output shape once at the end. */
interface Tally {
  online: number;
  practice: number;
}

const emptyTally = (): Tally => ({ online: 0, practice: 0 });

export function toCategoryHours(tally: Tally): CategoryHours {
  const total = tally.online + tally.practice;
  return {
    online: { minutes: tally.online, hours: minutesToHours(tally.online) },
    practice: { minutes: tally.practice, hours: minutesToHours(tally.practice) },
    total: { minutes: total, hours: minutesToHours(total) },
  };
}

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

/**
 * Sorts every hour entry into counted, outside the window or not a topic (1.0), per school year, then applies the
 * programme's caps. Hours of several school years inside the window simply add up.
 */
export function summarizeHours(
  programme: Programme,
  catalogue: Catalogue,
  entries: readonly HourEntry[],
): HoursSummary {
  const { startYear, endYear } = programme.period.window.value;
  const topics = indexCatalogue(catalogue).topicCodes;
  const recorded = emptyTally();
  const outside = emptyTally();
  const counted = emptyTally();
  const years = new Map<number, Tally>();
  const perCourse = new Map<string, Tally>();
  const excluded: HoursAdjustment[] = [];

  entries.forEach((entry, index) => {
    const minutes = hoursToMinutes(entry.hours);
    const { category, schoolYear } = entry;
    recorded[category] += minutes;
    const year = years.get(schoolYear) ?? emptyTally();
    year[category] += minutes;
    years.set(schoolYear, year);
    const hours = minutesToHours(minutes);
    if (schoolYear < startYear || schoolYear > endYear) {
      outside[category] += minutes;
      const reason = message('hours.outside-window', { schoolYear, hours, startYear, endYear });
      excluded.push(adjustment(index, entry.courseId ?? null, category, minutes, reason));
      return;
    }
    if (topics !== null && entry.courseId !== undefined && !topics.has(entry.courseId)) {
      const reason = message('hours.unknown-topic', { courseId: entry.courseId, hours });
      excluded.push(adjustment(index, entry.courseId, category, minutes, reason));
      return;
    }
    counted[category] += minutes;
    if (entry.courseId !== undefined) {
      const course = perCourse.get(entry.courseId) ?? emptyTally();
      course[category] += minutes;
      perCourse.set(entry.courseId, course);
    }
  });

  const capped = applyCaps(programme, perCourse, counted);
  const byYear: YearHours[] = [...years.entries()]
    .sort(([a], [b]) => a - b)
    .map(([schoolYear, tally]) => ({
      schoolYear,
      inWindow: schoolYear >= startYear && schoolYear <= endYear,
      ...toCategoryHours(tally),
    }));
  const totalCounted = counted.online + counted.practice;
  const perCredit = programme.hours.hoursPerCredit.value;
  return {
    recorded: toCategoryHours(recorded),
    outsideWindow: toCategoryHours(outside),
    counted: toCategoryHours(counted),
    byYear,
    excluded,
    capped,
    practiceSharePercent: sharePercent(counted.practice, totalCounted),
    credits: perCredit === null ? null : Math.floor((totalCounted * 100) / hoursToMinutes(perCredit)) / 100,
  };
}
