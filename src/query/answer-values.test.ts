import { describe, expect, it } from 'vitest';
import { decimalValue, isDecimalType } from '../connectors/result-values.js';
import {
  answerRows,
  answerValue,
  cleanNumber,
  displayValue,
  grainLabel,
  isoWeek,
  labelBuckets,
  plainValue,
} from './answer-values.js';

describe('answer values', () => {
  it.each([
    [2292216.7600000002, 2292216.76],
    [0.1 + 0.2, 0.3],
    [130228, 130228],
    [-1.0000000000000002, -1],
    [33.333333333333336, 33.3333333333333],
    [1e21, 1e21],
  ])('cleans float noise from %s', (input, expected) => {
    expect(cleanNumber(input)).toBe(expected);
  });

  it.each([
    ['123.45', 123.45],
    ['-0.50', -0.5],
    ['9007199254740991', 9007199254740991],
    ['9007199254740993', '9007199254740993'],
    ['123456789012345678901234.5', '123456789012345678901234.5'],
    ['NaN', 'NaN'],
    ['', ''],
    ['12 apples', '12 apples'],
  ])('reads the decimal text %j as %j', (text, expected) => {
    expect(decimalValue(text)).toEqual(expected);
  });

  it.each([
    ['numeric', true],
    ['NEWDECIMAL', true],
    ['decimal', true],
    ['Decimal(18, 2)', true],
    ['NUMBER', true],
    ['text', false],
    ['varchar', false],
    ['numerical_code', false],
    [undefined, false],
  ])('knows %j as a decimal type: %s', (type, expected) => {
    expect(isDecimalType(type)).toBe(expected);
  });

  it('makes DECIMAL a number (a string only past 2^53) and leaves text columns alone', () => {
    expect(answerValue('2292216.76', { type: 'numeric' })).toBe(2292216.76);
    expect(answerValue('33.3333333333333333', { type: 'newdecimal' })).toBe(33.3333333333333);
    expect(answerValue('12345678901234567890', { type: 'numeric' })).toBe('12345678901234567890');
    expect(answerValue('00042', { type: 'varchar' })).toBe('00042');
    expect(answerValue('00042')).toBe('00042');
    expect(answerValue(12n)).toBe(12);
    expect(answerValue(2n ** 60n)).toBe('1152921504606846976');
    expect(answerValue(undefined)).toBeNull();
  });

  it('writes dates of a date column without a made-up time, instants as ISO', () => {
    expect(answerValue(new Date('2024-03-01T00:00:00Z'), { type: 'date' })).toBe('2024-03-01');
    expect(answerValue(new Date('2024-03-01T10:30:00Z'), { type: 'timestamptz' })).toBe('2024-03-01T10:30:00.000Z');
    expect(answerValue('2024-03-01', { type: 'date' })).toBe('2024-03-01');
  });

  it.each([
    ['2024-03-01', 'month', '2024-03'],
    ['2024-03-01 00:00:00', 'month', '2024-03'],
    ['1997-01-01T00:00:00.000Z', 'month', '1997-01'],
    ['2024-05-01', 'quarter', '2024-Q2'],
    ['2024-10-01', 'quarter', '2024-Q4'],
    ['2024-01-01', 'year', '2024'],
    ['2024', 'year', '2024'],
    ['2024-03-05', 'day', '2024-03-05'],
    // The week of Friday 1 March 2024 starts on Monday 26 February: ISO week 9 of 2024.
    ['2024-02-26', 'week', '2024-W09'],
    // ISO years: 30 Dec 2024 is in week 1 of 2025, 1 Jan 2021 in week 53 of 2020.
    ['2024-12-30', 'week', '2025-W01'],
    ['2020-12-28', 'week', '2020-W53'],
    ['2021-01-01', 'week', '2020-W53'],
  ] as const)('labels the bucket %j at grain %s as %s', (value, grain, label) => {
    expect(grainLabel(value, grain)).toBe(label);
  });

  it('labels Date buckets (PostgreSQL date_trunc over timestamptz) and ignores values that are not dates', () => {
    expect(grainLabel(new Date('1997-01-01T00:00:00.000Z'), 'month')).toBe('1997-01');
    expect(grainLabel(new Date('2024-01-01T00:00:00.000Z'), 'quarter')).toBe('2024-Q1');
    expect(grainLabel('north', 'month')).toBeUndefined();
    expect(grainLabel(null, 'month')).toBeUndefined();
    expect(answerValue('north', { grain: 'month' })).toBe('north');
  });

  it('computes ISO weeks for every day of a long span like a reference walk', () => {
    // Reference: walk day by day from a known Monday of week 1 (2018-01-01 is Monday of 2018-W01).
    const day = new Date(Date.UTC(2018, 0, 1));
    let year = 2018;
    let week = 1;
    for (let i = 0; i < 365 * 8; i++) {
      const got = isoWeek(day.getUTCFullYear(), day.getUTCMonth() + 1, day.getUTCDate());
      expect(got).toEqual({ year, week });
      day.setUTCDate(day.getUTCDate() + 1);
      if (day.getUTCDay() === 1) {
        // A new week: week 1 of the next year when this Monday's Thursday is in January and week > 50.
        const thursday = new Date(day.getTime() + 3 * 86_400_000);
        if (thursday.getUTCFullYear() !== year) {
          year = thursday.getUTCFullYear();
          week = 1;
        } else week++;
      }
    }
  });

  it('builds answer rows under unique names with grains and decimal types applied', () => {
    const result = {
      columns: [{ name: 'month', type: 'date' }, { name: 'revenue', type: 'numeric' }, { name: 'revenue' }],
      rows: [['2024-03-01', '130228.00', 0.1 + 0.2]],
    };
    expect(answerRows(result, { month: 'month' })).toEqual({
      columns: ['month', 'revenue', 'revenue_2'],
      data: [{ month: '2024-03', revenue: 130228, revenue_2: 0.3 }],
    });
  });

  it('prints machine values plainly and human values with the locale grouping', () => {
    expect(plainValue(2292216.76)).toBe('2292216.76');
    expect(plainValue(null)).toBe('');
    expect(plainValue({ a: 1 })).toBe('{"a":1}');
    expect(displayValue(130228, 'en-US')).toBe('130,228');
    expect(displayValue(2292216.7600000002, 'en-US')).toBe('2,292,216.76');
    expect(displayValue(0.000123, 'en-US')).toBe('0.000123');
    expect(displayValue('2024-03', 'en-US')).toBe('2024-03');
  });

  it('labels gold rows like the answer only where a column holds bucket starts of its grain', () => {
    const gold = [
      { m: '2024-01-01', total: 1, day: '2024-01-05' },
      { m: '2024-02-01 00:00:00', total: 2, day: '2024-02-01' },
    ];
    expect(labelBuckets(gold, { month: 'month' })).toEqual([
      { m: '2024-01', total: 1, day: '2024-01-05' },
      { m: '2024-02', total: 2, day: '2024-02-01' },
    ]);
    expect(labelBuckets([{ q: '2024-04-01' }, { q: '2024-05-01' }], { quarter: 'quarter' })).toEqual([
      { q: '2024-04-01' },
      { q: '2024-05-01' },
    ]);
    expect(labelBuckets([{ w: '2024-02-26' }], { week: 'week' })).toEqual([{ w: '2024-W09' }]);
    expect(labelBuckets(gold, undefined)).toEqual(gold);
  });

  it.each([0, 7, -7, 999, 1000, -1234.5, 1234567.891, 2292216.7600000002, 0.000123, 1e21, 123456789012345680000, -0.5])(
    'groups %s for en-US exactly as Intl does',
    (n) => {
      expect(displayValue(n, 'en-US')).toBe(cleanNumber(n).toLocaleString('en-US', { maximumFractionDigits: 20 }));
    },
  );
});
