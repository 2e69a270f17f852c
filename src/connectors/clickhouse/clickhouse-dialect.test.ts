import { describe, expect, it } from 'vitest';
import { clickhouseDialect as d } from './clickhouse-dialect.js';

describe('ClickhouseDialect', () => {
  it('declares its capabilities', () => {
    expect(d.engine).toBe('clickhouse');
    expect(d.parserDatabase).toBe('MySQL');
    expect(d.parserFallbacks).toEqual(['PostgresQL']);
    expect(d.partialGrammar).toBe(true);
    expect(d.lexProfile).toMatchObject({ backslashEscapes: true, hashComment: 'space', dollarQuotes: 'tagged' });
    expect(d.tableFunctions?.has('numbers')).toBe(true);
    expect(d.tableFunctions?.has('url')).toBe(false);
    expect(d.placeholder(1)).toBe('?');
    expect(d.placeholder(7)).toBe('?');
  });

  it.each([
    ['orders', '`orders`'],
    ['we`ird', '`we\\`ird`'],
    ['back\\slash', '`back\\\\slash`'],
    ['with space', '`with space`'],
  ])('quotes identifier %j as %s', (identifier, quoted) => {
    expect(d.quoteIdentifier(identifier)).toBe(quoted);
  });

  it('quotes qualified names, skipping empty parts', () => {
    expect(d.quoteQualified('db', 'table')).toBe('`db`.`table`');
    expect(d.quoteQualified(undefined, 'table')).toBe('`table`');
  });

  it.each([
    ['plain', "'plain'"],
    ["it's", "'it\\'s'"],
    ['back\\slash', "'back\\\\slash'"],
    ["\\'; DROP TABLE x; --", "'\\\\\\'; DROP TABLE x; --'"],
    ['line\nbreak\ttab\0nul\r', "'line\\nbreak\\ttab\\0nul\\r'"],
  ])('string literal %j → %s', (value, literal) => {
    expect(d.stringLiteral(value)).toBe(literal);
  });

  it('builds engine functions', () => {
    expect(d.approxDistinct('x')).toBe('uniq(x)');
    expect(d.dateTrunc('day', 'ts')).toBe('toDate(ts)');
    expect(d.dateTrunc('week', 'ts')).toBe('toMonday(ts)');
    expect(d.dateTrunc('month', 'ts')).toBe('toStartOfMonth(ts)');
    expect(d.dateTrunc('quarter', 'ts')).toBe('toStartOfQuarter(ts)');
    expect(d.dateTrunc('year', 'ts')).toBe('toStartOfYear(ts)');
    expect(d.now()).toBe('now()');
    expect(d.daysAgo(7.9)).toBe('now() - INTERVAL 7 DAY');
    expect(d.castToText('x')).toBe('toString(x)');
    expect(d.limit('SELECT 1;', 10)).toBe('SELECT 1 LIMIT 10');
  });

  it('never emits SAMPLE (it needs a SAMPLE BY key): the profiler reads a bounded prefix instead', () => {
    expect(d.sampleSource('`db`.`t`', 10_000, 5_000_000)).toBeUndefined();
    expect(d.sampleSource('`db`.`t`', 10_000, 9_000)).toBeUndefined();
    expect(d.average('`x`')).toBe('avg(toFloat64(`x`))');
  });
});
