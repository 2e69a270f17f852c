import { describe, expect, it } from 'vitest';
import { postgresqlDialect as d } from './postgresql-dialect.js';

describe('PostgresqlDialect', () => {
  it('declares its capabilities', () => {
    expect(d.engine).toBe('postgresql');
    expect(d.parserDatabase).toBe('PostgresQL');
    expect(d.parserFallbacks).toEqual([]);
    expect(d.lexProfile).toMatchObject({ backslashSetting: true, dollarQuotes: 'tagged', postgresPrefixes: true });
    expect(d.builtinQualifiers).toEqual(['pg_catalog']);
    expect(d.quotedNameCase).toBe('lower');
    expect(d.showsSettings).toBe(true);
  });

  it('numbers placeholders from 1', () => {
    expect([1, 2, 10].map((i) => d.placeholder(i))).toEqual(['$1', '$2', '$10']);
  });

  it('quotes identifiers and literals', () => {
    expect(d.quoteQualified('my schema', 'Or"ders')).toBe('"my schema"."Or""ders"');
    expect(d.stringLiteral("O'Brien")).toBe("'O''Brien'");
  });

  it('samples with BERNOULLI up to 100K rows and SYSTEM above (BERNOULLI reads every page)', () => {
    expect(d.sampleSource('"s"."t"', 1000, 50_000)).toBe('"s"."t" TABLESAMPLE BERNOULLI (2.2) REPEATABLE (42)');
    expect(d.sampleSource('"s"."t"', 1000, 500_000)).toBe('"s"."t" TABLESAMPLE SYSTEM (0.22) REPEATABLE (42)');
    expect(d.sampleSource('"s"."t"', 10_000, 100_000_000)).toBe('"s"."t" TABLESAMPLE SYSTEM (0.011) REPEATABLE (42)');
  });

  it('reads small or unknown-size tables whole', () => {
    expect(d.sampleSource('t', 1000, 800)).toBeUndefined();
    expect(d.sampleSource('t', 1000, 1000)).toBeUndefined();
    expect(d.sampleSource('t', 1000, 0)).toBeUndefined();
    expect(d.sampleSource('t', 1000, Number.NaN)).toBeUndefined();
  });

  it('never asks for more than 100 percent', () => {
    expect(d.sampleSource('t', 1000, 1001)).toBe('t TABLESAMPLE BERNOULLI (100) REPEATABLE (42)');
  });

  it('builds time expressions', () => {
    expect(d.dateTrunc('month', '"created_at"')).toBe(`DATE_TRUNC('month', "created_at")`);
    expect(d.now()).toBe('now()');
    expect(d.daysAgo(30.7)).toBe(`now() - INTERVAL '30 days'`);
    expect(d.castToText('x')).toBe('CAST(x AS TEXT)');
  });

  it('counts distinct values exactly', () => {
    expect(d.approxDistinct('"email"')).toBe('COUNT(DISTINCT "email")');
  });

  it('limits a statement', () => {
    expect(d.limit('SELECT 1;', 5)).toBe('SELECT 1 LIMIT 5');
  });
});
