import { describe, expect, it } from 'vitest';
import { snowflakeDialect as d } from './snowflake-dialect.js';

describe('SnowflakeDialect', () => {
  it('declares its capabilities', () => {
    expect(d.engine).toBe('snowflake');
    expect(d.parserDatabase).toBe('Snowflake');
    expect(d.parserFallbacks).toEqual(['PostgresQL', 'MySQL']);
    expect(d.lexProfile).toMatchObject({ backslashEscapes: true, slashComment: true, dollarQuotes: 'plain' });
    expect(d.quotedNameCase).toBe('upper');
  });

  it('double-quotes identifiers, escaping embedded quotes, and keeps their case', () => {
    expect(d.quoteIdentifier('dc_customers')).toBe('"dc_customers"');
    expect(d.quoteIdentifier('A"B')).toBe('"A""B"');
    expect(d.quoteQualified('PUBLIC', 'Orders')).toBe('"PUBLIC"."Orders"');
    expect(d.quoteQualified(undefined, 'T')).toBe('"T"');
  });

  it('binds positional ? parameters and escapes string literals', () => {
    expect(d.placeholder(1)).toBe('?');
    expect(d.placeholder(3)).toBe('?');
    expect(d.stringLiteral("O'Brien")).toBe("'O''Brien'");
  });

  it('samples a fixed number of rows with SAMPLE (n ROWS), only when the table is larger', () => {
    expect(d.sampleSource('"PUBLIC"."t"', 1000, 50_000)).toBe('(SELECT * FROM "PUBLIC"."t" SAMPLE (1000 ROWS))');
    expect(d.sampleSource('"t"', 1000, 999)).toBeUndefined();
  });

  it('spells the Snowflake functions', () => {
    expect(d.approxDistinct('"x"')).toBe('APPROX_COUNT_DISTINCT("x")');
    expect(d.dateTrunc('month', '"created_at"')).toBe(`DATE_TRUNC('month', "created_at")`);
    expect(d.dateTrunc('quarter', 'x')).toBe(`DATE_TRUNC('quarter', x)`);
    expect(d.now()).toBe('CURRENT_TIMESTAMP()');
    expect(d.daysAgo(30)).toBe('DATEADD(day, -30, CURRENT_TIMESTAMP())');
    expect(d.castToText('"id"')).toBe('TO_VARCHAR("id")');
    expect(d.limit('SELECT 1;', 10)).toBe('SELECT 1 LIMIT 10');
  });
});
