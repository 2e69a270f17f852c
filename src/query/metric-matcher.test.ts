import { describe, expect, it } from 'vitest';
import type { BusinessDataPoint } from '../datapoints/datapoint-model.js';
import { matchMetric } from './metric-matcher.js';
import { questionWords } from './question-words.js';

const count = (table: string): BusinessDataPoint =>
  ({
    id: `${table}_count`,
    name: `Number of ${table}`,
    table,
    expression: 'COUNT(*)',
    synonyms: [],
    filters: [],
  }) as unknown as BusinessDataPoint;
const metrics = [count('city'), count('state')];
const match = (question: string) => matchMetric(questionWords(question), new Set(), metrics, true).kind;

/** A bare table name is a row count only when the question counts; a question asking for rows is not a count. */
describe('matchMetric by table name', () => {
  it.each([
    'what are the cities in texas',
    'give me the cities in texas',
    'tell me what cities are in texas',
    'which states border texas',
  ])('does not count rows for %j', (question) => expect(match(question)).toBe('none'));
  it.each([
    'how many cities are in texas',
    'number of cities in texas',
    'cities by population',
    'which one has the most cities',
    'what share of cities are capitals',
  ])('counts rows for %j', (question) => expect(match(question)).toBe('matched'));
});
