import { describe, expect, it } from 'vitest';
import { rowObjects, uniqueColumnNames } from './result-rows.js';

describe('uniqueColumnNames', () => {
  it.each([
    [
      ['id', 'name'],
      ['id', 'name'],
    ],
    [
      ['id', 'id'],
      ['id', 'id_2'],
    ],
    [
      ['id', 'id', 'id'],
      ['id', 'id_2', 'id_3'],
    ],
    // A suffix already used by a real column is skipped.
    [
      ['id', 'id', 'id_2'],
      ['id', 'id_3', 'id_2'],
    ],
    [
      ['id_2', 'id', 'id'],
      ['id_2', 'id', 'id_3'],
    ],
    [
      ['a', 'A', 'a'],
      ['a', 'A', 'a_2'],
    ],
    [
      ['', ''],
      ['', '_2'],
    ],
    [[], []],
  ])('%j → %j', (names, expected) => {
    const unique = uniqueColumnNames(names);
    expect(unique).toEqual(expected);
    expect(new Set(unique).size).toBe(unique.length);
  });
});

describe('rowObjects', () => {
  it('keeps every value of duplicate column names under unique keys', () => {
    const result = {
      columns: [{ name: 'id' }, { name: 'id' }, { name: 'email' }],
      rows: [
        [3, 2, 'b@example.com'],
        [1, 1, null],
      ],
    };
    expect(rowObjects(result)).toEqual([
      { id: 3, id_2: 2, email: 'b@example.com' },
      { id: 1, id_2: 1, email: null },
    ]);
  });
});
