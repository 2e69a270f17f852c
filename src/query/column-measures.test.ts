import { describe, expect, it } from 'vitest';
import type { SchemaDataPoint } from '../datapoints/datapoint-model.js';
import { matchColumnMeasure } from './column-measures.js';
import { questionWords } from './question-words.js';
import { SemanticModel } from './semantic-model.js';

/** A column named by its unit (Chinook's `Milliseconds`, `Bytes`) is named by what it measures. */
const track: SchemaDataPoint = {
  type: 'Schema',
  id: 'Track',
  name: 'Track',
  connection: 'music',
  table: 'Track',
  kind: 'table',
  purpose: '',
  description: '',
  primary_key: ['TrackId'],
  relationships: [],
  common_queries: [],
  gotchas: [],
  tags: [],
  source: 'manual',
  columns: [
    ['TrackId', 'INTEGER'],
    ['Name', 'TEXT'],
    ['Milliseconds', 'INTEGER'],
    ['Bytes', 'INTEGER'],
  ].map(([name, type]) => ({ name: name!, type: type!, nullable: false, meaning: '' })),
};
const model = new SemanticModel([track], []);
const match = (question: string) => matchColumnMeasure(questionWords(question), new Set(), model);

describe('columns named by their unit', () => {
  it.each([
    ['average track length in milliseconds', 'Milliseconds', 'AVG'],
    ['longest track duration', 'Milliseconds', 'MAX'],
    ['total size of all tracks in bytes', 'Bytes', 'SUM'],
  ])('%s → %s', (question, column, aggregate) => {
    expect(match(question)).toMatchObject({ table: 'Track', column, aggregate });
  });

  it('a word that is not what the unit measures names nothing', () => {
    expect(match('average track weight')).toBeUndefined();
  });
});
