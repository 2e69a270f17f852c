import { describe, expect, it } from 'vitest';
import { QueryError } from '../../errors.js';
import { bindClickhouseParams, placeholderPositions, renderClickhouseLiteral } from './clickhouse-params.js';

describe('renderClickhouseLiteral', () => {
  it.each([
    [null, 'NULL'],
    [undefined, 'NULL'],
    [true, '1'],
    [false, '0'],
    [42, '42'],
    [1.5, '1.5'],
    [-3, '(-3)'],
    [-0, '0'],
    [12345678901234567890n, '12345678901234567890'],
    [-5n, '(-5)'],
    ['plain', "'plain'"],
    ["2' OR '1'='1", "'2\\' OR \\'1\\'=\\'1'"],
    ["\\' OR 1=1 --", "'\\\\\\' OR 1=1 --'"],
    ['multi\nline', "'multi\\nline'"],
    [new Date('2024-03-01T00:00:00Z'), "'2024-03-01'"],
    [new Date('2024-01-02T03:04:05.678Z'), "'2024-01-02 03:04:05'"],
    [[1, 'a', null], "[1, 'a', NULL]"],
  ])('%s → %s', (value, literal) => {
    expect(renderClickhouseLiteral(value)).toBe(literal);
  });

  it.each([
    [Number.NaN],
    [Number.POSITIVE_INFINITY],
    [Number.NEGATIVE_INFINITY],
    [new Date('nope')],
    [{ a: 1 }],
    [Symbol('s')],
    [() => 1],
  ])('refuses %s', (value) => {
    expect(() => renderClickhouseLiteral(value)).toThrow(QueryError);
  });
});

describe('bindClickhouseParams', () => {
  it('substitutes placeholders in order', () => {
    expect(bindClickhouseParams('SELECT * FROM t WHERE a = ? AND b IN (?) AND c = ?', [1, 'x', null])).toBe(
      "SELECT * FROM t WHERE a = 1 AND b IN ('x') AND c = NULL",
    );
  });

  it('keeps injection attempts inside one string literal', () => {
    const sql = bindClickhouseParams('SELECT email FROM dc_customers WHERE id = ?', ["2' OR '1'='1"]);
    expect(sql).toBe("SELECT email FROM dc_customers WHERE id = '2\\' OR \\'1\\'=\\'1'");
    const other = bindClickhouseParams('SELECT 1 WHERE x = ?', ["\\'; DROP TABLE t; --"]);
    expect(other).toBe("SELECT 1 WHERE x = '\\\\\\'; DROP TABLE t; --'");
  });

  it('never treats a value as a placeholder source', () => {
    expect(bindClickhouseParams('SELECT ?, ?', ['?', 'b'])).toBe("SELECT '?', 'b'");
  });

  it('parenthesises negatives so `a-?` cannot start a comment', () => {
    expect(bindClickhouseParams('SELECT a-? FROM t', [-1])).toBe('SELECT a-(-1) FROM t');
  });

  it('skips ? in strings, quoted identifiers and comments', () => {
    const sql = "SELECT '?', \"a?\", `b?`, 'it\\'s ?', 'x''?' -- ?\n/* ? */ FROM t WHERE c = ?";
    expect(placeholderPositions(sql)).toEqual([sql.lastIndexOf('?')]);
    expect(bindClickhouseParams(sql, [5]).endsWith('WHERE c = 5')).toBe(true);
  });

  it('leaves the statement untouched without parameters (so the ternary works)', () => {
    expect(bindClickhouseParams('SELECT x > 1 ? 1 : 0', [])).toBe('SELECT x > 1 ? 1 : 0');
    expect(bindClickhouseParams('SELECT x > 1 ? 1 : 0', undefined)).toBe('SELECT x > 1 ? 1 : 0');
  });

  it('refuses a placeholder count that does not match', () => {
    expect(() => bindClickhouseParams('SELECT ?', [1, 2])).toThrow(/1 placeholder\(s\) but 2/);
    expect(() => bindClickhouseParams('SELECT ?, ?', [1])).toThrow(QueryError);
  });
});
