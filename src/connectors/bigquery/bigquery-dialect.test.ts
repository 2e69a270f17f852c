import { describe, expect, it } from 'vitest';
import { bigqueryDialect as d } from './bigquery-dialect.js';

describe('BigQueryDialect', () => {
  it('quotes identifiers with backticks and backslash escapes', () => {
    expect(d.quoteIdentifier('orders')).toBe('`orders`');
    expect(d.quoteIdentifier('my-project.sales.orders')).toBe('`my-project.sales.orders`');
    expect(d.quoteIdentifier('we`ird\\name')).toBe('`we\\`ird\\\\name`');
    expect(d.quoteQualified('sales', 'orders')).toBe('`sales`.`orders`');
    expect(d.quoteQualified(undefined, 'orders')).toBe('`orders`');
  });

  it('escapes string literals with backslashes, not doubled quotes', () => {
    expect(d.stringLiteral("it's")).toBe("'it\\'s'");
    expect(d.stringLiteral('a\\b')).toBe("'a\\\\b'");
    expect(d.stringLiteral('line\nbreak')).toBe("'line\\nbreak'");
    expect(d.stringLiteral("x' OR '1'='1")).toBe("'x\\' OR \\'1\\'=\\'1'");
  });

  it('binds positional parameters with ?', () => {
    expect(d.placeholder(1)).toBe('?');
    expect(d.placeholder(7)).toBe('?');
  });

  it('samples with TABLESAMPLE SYSTEM only when the table is larger than the sample', () => {
    expect(d.sampleSource('`s`.`t`', 10_000, 5_000)).toBeUndefined();
    expect(d.sampleSource('`s`.`t`', 10_000, 1_000_000_000)).toBe('`s`.`t` TABLESAMPLE SYSTEM (0.001 PERCENT)');
    expect(d.sampleSource('`s`.`t`', 1_000, 3_000)).toBe('`s`.`t` TABLESAMPLE SYSTEM (33.3334 PERCENT)');
  });

  it('builds GoogleSQL functions', () => {
    expect(d.parserDatabase).toBe('BigQuery');
    expect(d.approxDistinct('`x`')).toBe('APPROX_COUNT_DISTINCT(`x`)');
    expect(d.dateTrunc('month', '`created_at`')).toBe('TIMESTAMP_TRUNC(CAST(`created_at` AS TIMESTAMP), MONTH)');
    expect(d.dateTrunc('week', 'x')).toContain('ISOWEEK');
    expect(d.dateTrunc('quarter', 'x')).toContain('QUARTER');
    expect(d.now()).toBe('CURRENT_TIMESTAMP()');
    expect(d.daysAgo(7.9)).toBe('TIMESTAMP_SUB(CURRENT_TIMESTAMP(), INTERVAL 7 DAY)');
    expect(d.castToText('x')).toBe('CAST(x AS STRING)');
    expect(d.limit('SELECT 1;', 5)).toBe('SELECT 1 LIMIT 5');
  });

  it('tells the guard how GoogleSQL lexes and that SAFE. calls are built-ins', () => {
    expect(d.lexProfile).toMatchObject({ backslashEscapes: true, doubleQuote: 'string', tripleQuotes: true });
    expect(d.builtinQualifiers).toEqual(['safe']);
    expect(d.parserFallbacks).toEqual(['Snowflake']);
    expect(d.partialGrammar).toBe(true);
  });
});
