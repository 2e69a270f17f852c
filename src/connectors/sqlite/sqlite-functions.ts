import { functionSet } from '../function-set.js';

/**
 * SQLite built-in functions the SQL guard lets a query call (lower-case names). Built from the SQLite
 * documentation pages "Built-In Scalar SQL Functions", "Built-in Aggregate Functions", "Date And Time
 * Functions", "Built-In Mathematical SQL Functions", "Window Functions" and "JSON Functions And Operators"
 * (including the json_each / json_tree table-valued functions).
 * Left out on purpose (fail closed): load_extension, the CLI's readfile / writefile / edit, fts3_tokenizer,
 * fsdir and zipfile (files), and connection-state readers such as changes() and last_insert_rowid().
 */
export const SQLITE_FUNCTIONS: ReadonlySet<string> = functionSet(`
  -- scalar
  abs char coalesce concat concat_ws format glob hex ifnull iif if instr length like likelihood likely lower
  ltrim max min nullif octet_length printf quote random randomblob replace round rtrim sign soundex
  sqlite_version substr substring trim typeof unhex unicode unlikely upper zeroblob
  -- aggregates
  avg count group_concat string_agg sum total median percentile percentile_cont percentile_disc
  -- date and time
  date time datetime julianday unixepoch strftime timediff current_date current_time current_timestamp
  -- math
  acos acosh asin asinh atan atan2 atanh ceil ceiling cos cosh degrees exp floor ln log log10 log2 mod pi pow
  power radians sin sinh sqrt tan tanh trunc
  -- window functions
  row_number rank dense_rank percent_rank cume_dist ntile lag lead first_value last_value nth_value
  -- JSON
  json json_array json_array_length json_error_position json_extract json_insert json_object json_patch
  json_pretty json_remove json_replace json_set json_type json_valid json_quote json_group_array
  json_group_object json_each json_tree jsonb jsonb_array jsonb_extract jsonb_insert jsonb_object jsonb_patch
  jsonb_remove jsonb_replace jsonb_set jsonb_group_array jsonb_group_object
  -- casts spelled as functions by some grammars
  cast
`);
