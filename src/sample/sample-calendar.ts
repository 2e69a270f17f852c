/** The sample database's calendar: day numbers, timestamps and per-day volume weights (seasonality, growth). */
import { MONTH_SEASONALITY } from './sample-data.js';

// Days are counted from 2022-01-01 (UTC); timestamps are seconds from the same origin.
const BASE_MS = Date.UTC(2022, 0, 1);
const dayOf = (iso: string): number => Math.round((Date.parse(`${iso}T00:00:00Z`) - BASE_MS) / 86_400_000);
export const SIGNUP_START = dayOf('2022-01-01');
export const ORDER_START = dayOf('2023-01-01');
export const END = dayOf('2025-06-30');
export const END_TS = END * 86_400 + 86_399;
export const LATEST_PRODUCT = dayOf('2025-03-31');
const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n));
export const DAY_STR: string[] = [];
for (let d = 0; d <= END + 120; d++) DAY_STR.push(new Date(BASE_MS + d * 86_400_000).toISOString().slice(0, 10));
export const fmtTs = (s: number): string =>
  `${DAY_STR[Math.floor(s / 86_400)]} ${pad2(Math.floor(s / 3600) % 24)}:${pad2(Math.floor(s / 60) % 60)}:${pad2(s % 60)}`;

/** Per-day volume weights from `from` to END: monthly seasonality, Black-Friday week, weekends and yearly growth. */
export function dayWeights(from: number, growthPerYear: number): Float64Array {
  const w = new Float64Array(END + 1);
  for (let d = from; d <= END; d++) {
    const date = new Date(BASE_MS + d * 86_400_000);
    const m = date.getUTCMonth();
    const dom = date.getUTCDate();
    let x = MONTH_SEASONALITY[m]! * growthPerYear ** ((d - ORDER_START) / 365);
    if (m === 10 && dom >= 24) x *= 1.8;
    if (m === 11 && dom >= 24 && dom <= 26) x *= 0.5;
    const dow = date.getUTCDay();
    if (dow === 0 || dow === 6) x *= 1.1;
    w[d] = x;
  }
  return w;
}
