import { describe, expect, it } from 'vitest';
import type { ColumnInfo } from '../connectors/schema-metadata.js';
import { postgresqlDialect } from '../connectors/postgresql/postgresql-dialect.js';
import { aggregateStatsQuery, topValuesQuery } from './stats-queries.js';

const col = (name: string, canonicalType: ColumnInfo['canonicalType']): ColumnInfo => ({
  name,
  dataType: canonicalType,
  canonicalType,
  nullable: true,
  ordinal: 1,
});
const d = postgresqlDialect;

describe('statistics queries', () => {
  it('folds whole-table MIN/MAX of indexed columns into the aggregate, for comparable types only', () => {
    const columns = [col('id', 'integer'), col('flag', 'boolean'), col('doc', 'json'), col('name', 'string')];
    const sql = aggregateStatsQuery(d, '"t" TABLESAMPLE SYSTEM (1) REPEATABLE (42)', columns, true, {
      table: '"public"."t"',
      columns: new Set(['id', 'flag', 'doc']),
    });
    expect(sql).toContain('(SELECT MIN("id") FROM "public"."t") AS "c0_imin"');
    expect(sql).toContain('(SELECT MAX("id") FROM "public"."t") AS "c0_imax"');
    expect(sql).not.toContain('c1_imin');
    expect(sql).not.toContain('c2_imin');
    expect(sql).not.toContain('c3_imin');
    expect(aggregateStatsQuery(d, '"t"', columns, false)).not.toContain('_imin');
  });

  it("reads the frequency profile of each estimated column from one read of the estimator's sample", () => {
    const sql = topValuesQuery(d, 'SMALL', [col('status', 'string')], [col('customer_id', 'integer')], 'LARGE')!;
    const branches = sql.split(' UNION ALL ');
    expect(branches).toHaveLength(2);
    expect(branches[0]).toContain(`'t:status'`);
    expect(branches[0]).toContain('FROM SMALL');
    // d, f1 and n come from the same GROUP BY: one reference to the sample per column.
    expect(branches[1]!.match(/FROM LARGE/g)).toHaveLength(1);
    expect(branches[1]).toContain(`'f:customer_id'`);
    expect(branches[1]).toContain(`CASE WHEN "dc_f" = 1 THEN '1' ELSE 'n' END`);
    expect(topValuesQuery(d, 'S', [], [])).toBeUndefined();
  });
});

describe('frequency profiles in one read', () => {
  it("joins one windowed pass over the estimator's sample into the aggregate", () => {
    const columns = [col('id', 'integer'), col('customer_id', 'integer')];
    const sql = aggregateStatsQuery(d, 'SMALL', columns, true, undefined, {
      source: 'LARGE',
      columns: [{ column: columns[1]!, index: 1 }],
    });
    expect(sql.match(/FROM LARGE/g)).toHaveLength(1);
    expect(sql).toContain('COUNT("customer_id") OVER (PARTITION BY "customer_id") AS "dc_w1"');
    expect(sql).toContain('SUM(CASE WHEN "dc_w1" = 1 THEN 1 ELSE 0 END) AS "c1_f1"');
    expect(sql).toContain('MAX("dc_fq"."c1_fd") AS "c1_fd"');
    expect(sql).not.toContain('c0_f1');
  });
});
