import { describe, expect, it } from 'vitest';
import { mariadbDialect, mysqlDialect } from './mysql-dialect.js';

describe('MysqlDialect', () => {
  const d = mysqlDialect;

  it('describes the engine', () => {
    expect(d.engine).toBe('mysql');
    expect(d.parserDatabase).toBe('MySQL');
    expect(mariadbDialect.parserDatabase).toBe('MariaDB');
    expect(mariadbDialect.parserFallbacks).toEqual(['MySQL']);
    expect(d.lexProfile).toMatchObject({
      backslashEscapes: true,
      backslashSetting: true,
      executableComments: true,
      dashDashNeedsSpace: true,
    });
  });

  it('quotes identifiers with backticks, doubling embedded ones', () => {
    expect(d.quoteIdentifier('orders')).toBe('`orders`');
    expect(d.quoteIdentifier('we`ird')).toBe('`we``ird`');
    expect(d.quoteQualified('shop', 'orders')).toBe('`shop`.`orders`');
    expect(d.quoteQualified(undefined, 'orders')).toBe('`orders`');
  });

  it.each([
    ['plain', "'plain'"],
    ["O'Brien", "'O''Brien'"],
    ['back\\slash', "'back\\\\slash'"],
    ["a\\'b", "'a\\\\''b'"],
    ['ends with \\', "'ends with \\\\'"],
    ['line\nbreak\r', "'line\\nbreak\\r'"],
    ['nul\0', "'nul\\0'"],
  ])('string literal of %j is %s', (value, literal) => {
    expect(d.stringLiteral(value)).toBe(literal);
  });

  it('uses ? placeholders and LIMIT', () => {
    expect(d.placeholder(1)).toBe('?');
    expect(d.placeholder(3)).toBe('?');
    expect(d.limit('SELECT 1;', 10)).toBe('SELECT 1 LIMIT 10');
  });

  it('samples with a RAND() pre-filter and a bounded ORDER BY RAND()', () => {
    expect(d.sampleSource('`t`', 1000, 500)).toBeUndefined();
    expect(d.sampleSource('`t`', 1000, 1000)).toBeUndefined();
    expect(d.sampleSource('`t`', 1000, Number.NaN)).toBeUndefined();
    expect(d.sampleSource('`t`', 1000, 1_000_000)).toBe(
      '(SELECT * FROM `t` WHERE RAND() < 0.00300000 ORDER BY RAND() LIMIT 1000) AS s',
    );
    // Below three times the wanted rows, every row is a candidate.
    expect(d.sampleSource('`t`', 1000, 2000)).toBe('(SELECT * FROM `t` ORDER BY RAND() LIMIT 1000) AS s');
  });

  it.each([
    ['day', 'DATE(`d`)'],
    ['week', 'DATE_SUB(DATE(`d`), INTERVAL WEEKDAY(`d`) DAY)'],
    ['month', "CAST(DATE_FORMAT(`d`, '%Y-%m-01') AS DATE)"],
    ['quarter', "DATE_SUB(CAST(DATE_FORMAT(`d`, '%Y-%m-01') AS DATE), INTERVAL (MONTH(`d`) - 1) % 3 MONTH)"],
    ['year', "CAST(DATE_FORMAT(`d`, '%Y-01-01') AS DATE)"],
  ] as const)('truncates to %s', (grain, sql) => {
    expect(d.dateTrunc(grain, '`d`')).toBe(sql);
  });

  it('spells time and casts the MySQL way', () => {
    expect(d.now()).toBe('NOW()');
    expect(d.daysAgo(7)).toBe('NOW() - INTERVAL 7 DAY');
    expect(d.daysAgo(2.9)).toBe('NOW() - INTERVAL 2 DAY');
    expect(d.castToText('`x`')).toBe('CAST(`x` AS CHAR)');
    expect(d.approxDistinct('`x`')).toBe('COUNT(DISTINCT `x`)');
  });
});
