import { functionSet } from '../function-set.js';

/**
 * Snowflake functions the SQL guard lets a query call (lower-case names). Built from the Snowflake
 * "All functions (alphabetical)" reference, keeping the aggregate, window, conditional, conversion, date
 * and time, numeric, string and binary, regular-expression, semi-structured (JSON, arrays, objects), hash
 * and context functions, and the row-generating table functions (FLATTEN, GENERATOR, SPLIT_TO_TABLE).
 * Left out on purpose (fail closed): SYSTEM$ functions except SYSTEM$TYPEOF and the clustering readers,
 * stage and file access (GET_PRESIGNED_URL, BUILD_SCOPED_FILE_URL, INFER_SCHEMA), RESULT_SCAN, external and
 * Cortex / ML functions, EXTERNAL_FUNCTION calls, and every user-defined function unless allowed by name.
 */
export const SNOWFLAKE_FUNCTIONS: ReadonlySet<string> = functionSet(`
  -- aggregates
  any_value approx_count_distinct approx_percentile approx_top_k array_agg array_union_agg avg bitand_agg
  bitor_agg bitxor_agg booland_agg boolor_agg count count_if corr covar_pop covar_samp listagg max max_by median
  min min_by mode object_agg percentile_cont percentile_disc regr_avgx regr_avgy regr_count regr_intercept regr_r2
  regr_slope regr_sxx regr_sxy regr_syy stddev stddev_pop stddev_samp sum variance var_pop var_samp hll kurtosis
  skew grouping
  -- window functions
  row_number rank dense_rank percent_rank cume_dist ntile lag lead first_value last_value nth_value
  conditional_change_event conditional_true_event ratio_to_report
  -- conditional
  coalesce decode equal_null greatest greatest_ignore_nulls least least_ignore_nulls iff ifnull nullif nullifzero
  nvl nvl2 regr_valx regr_valy zeroifnull booland boolor boolnot boolxor
  -- conversion
  cast try_cast to_binary to_boolean to_char to_varchar to_date date to_decimal to_number to_numeric to_double
  to_time time to_timestamp to_timestamp_ltz to_timestamp_ntz to_timestamp_tz try_to_binary try_to_boolean
  try_to_date try_to_decimal try_to_number try_to_numeric try_to_double try_to_time try_to_timestamp
  try_to_timestamp_ltz try_to_timestamp_ntz try_to_timestamp_tz to_variant to_array to_object to_json parse_json
  try_parse_json to_geography
  -- dates and times
  add_months convert_timezone current_date current_time current_timestamp date_from_parts date_part date_trunc
  dateadd datediff dayname dayofmonth dayofweek dayofweekiso dayofyear day extract hour last_day localtime
  localtimestamp minute month monthname months_between next_day previous_day quarter second sysdate
  systimestamp time_from_parts time_slice timeadd timediff timestamp_from_parts timestamp_ltz_from_parts
  timestamp_ntz_from_parts timestamp_tz_from_parts timestampadd timestampdiff trunc week weekiso weekofyear
  year yearofweek yearofweekiso getdate
  -- numeric
  abs acos acosh asin asinh atan atan2 atanh bitand bitnot bitor bitshiftleft bitshiftright bitxor cbrt ceil
  cos cosh cot degrees div0 div0null exp factorial floor haversine ln log mod pi pow power radians random round
  sign sin sinh sqrt square tan tanh truncate uniform normal width_bucket
  -- strings, binary, regular expressions
  ascii base64_decode_binary base64_decode_string base64_encode bit_length char chr charindex collate
  collation compress concat concat_ws contains editdistance endswith hex_decode_binary hex_decode_string
  hex_encode ilike initcap insert jarowinkler_similarity left len length like lower lpad ltrim octet_length
  parse_url position regexp regexp_count regexp_instr regexp_like regexp_replace regexp_substr
  regexp_substr_all repeat replace reverse right rlike rpad rtrim soundex space split split_part startswith
  strtok strtok_to_array substr substring translate trim try_base64_decode_binary try_base64_decode_string
  try_hex_decode_binary try_hex_decode_string unicode upper uuid_string
  -- hashes
  hash md5 md5_hex md5_binary md5_number_lower64 md5_number_upper64 sha1 sha1_hex sha1_binary sha2 sha2_hex
  sha2_binary
  -- semi-structured
  array_append array_cat array_compact array_construct array_construct_compact array_contains array_distinct
  array_except array_flatten array_generate_range array_insert array_intersection array_max array_min
  array_position array_prepend array_remove array_remove_at array_size array_slice array_sort array_to_string
  arrays_overlap arrays_to_object as_array as_char as_varchar as_date as_decimal as_number as_double as_integer
  as_object as_time as_timestamp_ltz as_timestamp_ntz as_timestamp_tz check_json get get_ignore_case get_path
  is_array is_boolean is_char is_varchar is_date is_decimal is_double is_integer is_null_value is_object is_real
  is_time is_timestamp_ltz is_timestamp_ntz is_timestamp_tz json_extract_path_text object_construct
  object_construct_keep_null object_delete object_insert object_keys object_pick strip_null_value typeof
  xmlget
  -- row-generating table functions
  flatten generator split_to_table seq1 seq2 seq4 seq8 uniform table
  -- context and SYSTEM$ functions that only describe
  current_account current_database current_region current_role current_schema current_schemas
  current_session current_statement current_transaction current_user current_version current_warehouse
  current_client current_available_roles is_role_in_session system$typeof system$clustering_depth
  system$clustering_information
`);
