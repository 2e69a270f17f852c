/**
 * Words that may stand right before `(` without being a function call: SQL keywords (`IN (`, `OVER (`,
 * `AS (`), and type names with a length or precision (`VARCHAR(10)`, `DECIMAL(10, 2)`,
 * `Nullable(String)`). The lexical wall refuses any other `name(` that is not an allowed function.
 */
export const PAREN_KEYWORDS: ReadonlySet<string> = new Set(
  `
  select from where and or not in exists any all some as on using values over filter within partition by order
  group having join lateral union intersect except minus distinct case when then else end between like ilike
  rlike regexp similar to is null interval array row cast try_cast safe_cast extract trim substring position
  overlay convert collate at zone with recursive materialized into table rollup cube grouping sets tablesample
  bernoulli system sample repeatable limit offset fetch qualify window rows range groups preceding following
  current unnest struct map tuple match against explain asc desc nulls first last escape if key returning
  prewhere final settings format global inner outer left right full cross natural straight_join ignore respect
  plan query symmetric asymmetric xor overlaps of before pivot unpivot
  varchar char character nchar nvarchar numeric decimal number float double real int integer bigint smallint
  tinyint mediumint timestamp timestamptz time timetz date datetime datetime64 datetime32 bit varbit binary
  varbinary text string bytes fixedstring nullable lowcardinality decimal32 decimal64 decimal128 decimal256 enum
  enum8 enum16 set json jsonb geography geometry vector uuid bool boolean int64 float64 bignumeric object variant
  unsigned signed precision varying with_offset
`
    .split(/\s+/)
    .filter(Boolean),
);
