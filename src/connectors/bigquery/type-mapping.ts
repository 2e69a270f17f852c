import { mapWithRules, type CanonicalType, type TypeRule } from '../canonical-type.js';

/**
 * GoogleSQL type names, both as the REST API spells them in a table schema (`INTEGER`, `FLOAT`,
 * `RECORD`, legacy names) and as DDL / INFORMATION_SCHEMA spell them (`INT64`, `NUMERIC(10, 2)`,
 * `ARRAY<STRING>`, `STRUCT<a INT64>`). https://cloud.google.com/bigquery/docs/reference/standard-sql/data-types
 */
const RULES: readonly TypeRule[] = [
  [/^array\s*</, 'array'],
  [/^(struct|record)\b/, 'struct'],
  [/^(int64|integer|int|smallint|bigint|tinyint|byteint)$/, 'integer'],
  [/^(numeric|bignumeric|decimal|bigdecimal)\s*(\(\s*\d+\s*(,\s*\d+\s*)?\))?$/, 'decimal'],
  [/^(float64|float)$/, 'float'],
  [/^(bool|boolean)$/, 'boolean'],
  [/^string\s*(\(\s*\d+\s*\))?$/, 'string'],
  [/^bytes\s*(\(\s*\d+\s*\))?$/, 'binary'],
  [/^date$/, 'date'],
  [/^(datetime|timestamp)$/, 'timestamp'],
  [/^time$/, 'time'],
  [/^interval$/, 'interval'],
  [/^json$/, 'json'],
  [/^geography$/, 'geography'],
];

/** Canonical type of a GoogleSQL type name; unknown or malformed names map to 'unknown'. */
export function mapBigQueryType(nativeType: string | null | undefined): CanonicalType {
  return mapWithRules(RULES, nativeType);
}

/** The parts of a REST `TableFieldSchema` that decide a column's type. */
export interface BigQueryFieldType {
  type?: string | null;
  mode?: string | null;
  fields?: readonly (BigQueryFieldType & { name?: string | null })[] | null;
}

/** A REPEATED field is an array whatever its element type; otherwise the element type decides. */
export function mapBigQueryField(field: BigQueryFieldType): CanonicalType {
  if ((field.mode ?? '').toUpperCase() === 'REPEATED') return 'array';
  return mapBigQueryType(field.type);
}

/**
 * The field's type as DDL would spell it: `ARRAY<INT64>`, `STRUCT<a STRING, b ARRAY<INT64>>`. The
 * REST schema splits this into type + mode + nested fields; introspection shows the readable form.
 */
export function bigQueryFieldTypeName(field: BigQueryFieldType): string {
  const base = (field.type ?? '').toUpperCase();
  const element =
    (base === 'RECORD' || base === 'STRUCT') && field.fields?.length
      ? `STRUCT<${field.fields.map((f) => `${f.name ?? ''} ${bigQueryFieldTypeName(f)}`).join(', ')}>`
      : base;
  return (field.mode ?? '').toUpperCase() === 'REPEATED' ? `ARRAY<${element}>` : element;
}
