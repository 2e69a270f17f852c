import type { TimeGrain } from '../connectors/dialect.js';
import type { Word } from './question-words.js';

export interface TimeRange {
  /** Inclusive lower bound, ISO date. */
  from?: string;
  /** Exclusive upper bound, ISO date. */
  to?: string;
  label: string;
}

export interface TimeParse {
  grain?: TimeGrain;
  range?: TimeRange;
  /** Word indexes consumed. */
  used: number[];
  /** The subset of `used` that states the grain ("by month", "monthly"). */
  grainUsed: number[];
}

const GRAINS: Record<string, TimeGrain> = {
  day: 'day',
  daily: 'day',
  date: 'day',
  week: 'week',
  weekly: 'week',
  month: 'month',
  monthly: 'month',
  quarter: 'quarter',
  quarterly: 'quarter',
  year: 'year',
  yearly: 'year',
  annual: 'year',
  annually: 'year',
};
const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];
/** Calendar length of a unit: days are exact, months/quarters/years step the calendar (never 30 or 365 days). */
const UNIT_STEP: Record<string, { days?: number; months?: number }> = {
  day: { days: 1 },
  week: { days: 7 },
  month: { months: 1 },
  quarter: { months: 3 },
  year: { months: 12 },
};

const iso = (d: Date): string => d.toISOString().slice(0, 10);
const utc = (y: number, m: number, d = 1): Date => new Date(Date.UTC(y, m, d));

/** `now` minus n units on the calendar; a day past the target month's end clamps to its last day (Mar 31 → Feb 28). */
export function calendarBack(now: Date, n: number, unit: string): Date {
  const step = UNIT_STEP[unit]!;
  const today = utc(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  if (step.days) return new Date(today.getTime() - n * step.days * 86_400_000);
  const months = now.getUTCMonth() - n * step.months!;
  const lastDay = utc(now.getUTCFullYear(), months + 1, 0).getUTCDate();
  return utc(now.getUTCFullYear(), months, Math.min(now.getUTCDate(), lastDay));
}

const quarterStart = (d: Date, back = 0): Date =>
  utc(d.getUTCFullYear(), Math.floor(d.getUTCMonth() / 3) * 3 - 3 * back);

/**
 * Time grain ("by month", "monthly", "per week") and range ("in 2024", "in March 2024", "Q1 2024",
 * "last 30 days", "this year", "last month", "since 2024-01-01") from question words. Relative
 * ranges are computed from `now` so the SQL holds plain date literals valid on every engine.
 */
export function parseTime(words: readonly Word[], now: Date): TimeParse {
  const used: number[] = [];
  const grainUsed: number[] = [];
  let grain: TimeGrain | undefined;
  let range: TimeRange | undefined;
  const t = (i: number) => words[i]?.text;
  for (let i = 0; i < words.length; i++) {
    const w = t(i)!;
    // Grain: "by month", "per month", "each month", "monthly".
    if ((w === 'by' || w === 'per' || w === 'each' || w === 'every') && GRAINS[words[i + 1]?.stem ?? ''] && !grain) {
      grain = GRAINS[words[i + 1]!.stem];
      used.push(i, i + 1);
      grainUsed.push(i, i + 1);
      i++;
      continue;
    }
    if (['daily', 'weekly', 'monthly', 'quarterly', 'yearly', 'annually'].includes(w) && !grain) {
      grain = GRAINS[w];
      used.push(i);
      grainUsed.push(i);
      continue;
    }
    // "last/past N units", "last unit", "this unit".
    if ((w === 'last' || w === 'past' || w === 'previous') && !range) {
      const n = Number(t(i + 1));
      if (Number.isInteger(n) && n > 0 && n <= 1000 && UNIT_STEP[words[i + 2]?.stem ?? '']) {
        // Calendar arithmetic: "last 12 months" from 2026-11-26 starts 2025-11-26, not 360 days back.
        range = { from: iso(calendarBack(now, n, words[i + 2]!.stem)), label: `last ${n} ${words[i + 2]!.text}` };
        used.push(i, i + 1, i + 2);
        i += 2;
        continue;
      }
      const unit = words[i + 1]?.stem;
      if (unit === 'year')
        range = {
          from: iso(utc(now.getUTCFullYear() - 1, 0)),
          to: iso(utc(now.getUTCFullYear(), 0)),
          label: 'last year',
        };
      else if (unit === 'quarter')
        range = { from: iso(quarterStart(now, 1)), to: iso(quarterStart(now)), label: 'last quarter' };
      else if (unit === 'month')
        range = {
          from: iso(utc(now.getUTCFullYear(), now.getUTCMonth() - 1)),
          to: iso(utc(now.getUTCFullYear(), now.getUTCMonth())),
          label: 'last month',
        };
      else if (unit === 'week') {
        const monday = utc(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - ((now.getUTCDay() + 6) % 7));
        range = { from: iso(new Date(monday.getTime() - 7 * 86_400_000)), to: iso(monday), label: 'last week' };
      }
      if (range) {
        used.push(i, i + 1);
        i++;
        continue;
      }
    }
    if (w === 'this' && !range) {
      const unit = words[i + 1]?.stem;
      if (unit === 'year') range = { from: iso(utc(now.getUTCFullYear(), 0)), label: 'this year' };
      else if (unit === 'month')
        range = { from: iso(utc(now.getUTCFullYear(), now.getUTCMonth())), label: 'this month' };
      else if (unit === 'quarter') range = { from: iso(quarterStart(now)), label: 'this quarter' };
      else if (unit === 'week') {
        const monday = utc(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - ((now.getUTCDay() + 6) % 7));
        range = { from: iso(monday), label: 'this week' };
      }
      if (range) {
        used.push(i, i + 1);
        i++;
        continue;
      }
    }
    if (w === 'today' && !range) {
      range = { from: iso(now), label: 'today' };
      used.push(i);
      continue;
    }
    if (w === 'yesterday' && !range) {
      range = { from: iso(new Date(now.getTime() - 86_400_000)), to: iso(now), label: 'yesterday' };
      used.push(i);
      continue;
    }
    // "since 2024" / "since 2024-03-01".
    if (w === 'since' && !range) {
      const next = t(i + 1) ?? '';
      if (/^\d{4}$/.test(next)) range = { from: `${next}-01-01`, label: `since ${next}` };
      else if (/^\d{4}-\d{2}-\d{2}$/.test(next)) range = { from: next, label: `since ${next}` };
      if (range) {
        used.push(i, i + 1);
        i++;
        continue;
      }
    }
    // "q1 2024".
    const quarter = /^q([1-4])$/.exec(w);
    if (quarter && /^\d{4}$/.test(t(i + 1) ?? '') && !range) {
      const y = Number(t(i + 1));
      const q = Number(quarter[1]);
      range = { from: iso(utc(y, (q - 1) * 3)), to: iso(utc(y, q * 3)), label: `Q${q} ${y}` };
      used.push(i, i + 1, ...(['in', 'during', 'for'].includes(t(i - 1) ?? '') ? [i - 1] : []));
      i++;
      continue;
    }
    // "march 2024" / "in 2024" / "2024-03".
    const month = MONTHS.indexOf(w);
    if (month >= 0 && /^\d{4}$/.test(t(i + 1) ?? '') && !range) {
      const y = Number(t(i + 1));
      range = { from: iso(utc(y, month)), to: iso(utc(y, month + 1)), label: `${MONTHS[month]} ${y}` };
      used.push(i, i + 1, ...(['in', 'during', 'for'].includes(t(i - 1) ?? '') ? [i - 1] : []));
      i++;
      continue;
    }
    if (/^(19|20)\d{2}$/.test(w) && ['in', 'during', 'for', 'of'].includes(t(i - 1) ?? '') && !range) {
      const y = Number(w);
      range = { from: `${y}-01-01`, to: `${y + 1}-01-01`, label: `in ${y}` };
      used.push(i - 1, i);
      continue;
    }
    const ym = /^(\d{4})-(\d{2})$/.exec(w);
    if (ym && !range) {
      const y = Number(ym[1]);
      const m = Number(ym[2]) - 1;
      range = { from: iso(utc(y, m)), to: iso(utc(y, m + 1)), label: w };
      used.push(i, ...(['in', 'during', 'for'].includes(t(i - 1) ?? '') ? [i - 1] : []));
    }
  }
  return { ...(grain ? { grain } : {}), ...(range ? { range } : {}), used, grainUsed };
}
