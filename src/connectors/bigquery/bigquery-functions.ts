import { functionSet } from '../function-set.js';

/**
 * GoogleSQL (BigQuery) functions the SQL guard lets a query call (lower-case names; `SAFE.` prefixed
 * calls are checked without the prefix; `net.host`-style names are listed qualified). Built from the
 * BigQuery "Function list" reference: aggregate, approximate aggregate, statistical aggregate, numbering
 * and navigation, mathematical, string, date, datetime, time, timestamp, interval, conversion, conditional,
 * array, struct, JSON, hash, UUID and net functions.
 * Left out on purpose (fail closed): EXTERNAL_QUERY (federated queries), ML.*, AI.*, VECTOR_SEARCH,
 * KEYS.* / AEAD.* (key material), SESSION_USER-independent project metadata readers, and every
 * function not listed here, including user-defined and remote functions.
 */
export const BIGQUERY_FUNCTIONS: ReadonlySet<string> = functionSet(`
  -- aggregates
  any_value array_agg array_concat_agg avg bit_and bit_or bit_xor count countif logical_and logical_or max
  max_by min min_by string_agg sum approx_count_distinct approx_quantiles approx_top_count approx_top_sum corr
  covar_pop covar_samp stddev stddev_pop stddev_samp variance var_pop var_samp grouping
  -- numbering and navigation
  row_number rank dense_rank percent_rank cume_dist ntile lag lead first_value last_value nth_value
  percentile_cont percentile_disc
  -- math
  abs sign is_inf is_nan ieee_divide rand sqrt pow power exp ln log log10 greatest least div safe_divide
  safe_multiply safe_negate safe_add safe_subtract mod round trunc ceil ceiling floor cos cosh acos acosh cot
  coth sin sinh asin asinh csc csch sec sech tan tanh atan atanh atan2 cbrt range_bucket
  -- strings
  ascii byte_length char_length character_length chr code_points_to_bytes code_points_to_string collate concat
  contains_substr edit_distance ends_with format from_base32 from_base64 from_hex initcap instr left length lower
  lpad ltrim normalize normalize_and_casefold octet_length regexp_contains regexp_extract regexp_extract_all
  regexp_instr regexp_replace regexp_substr repeat replace reverse right rpad rtrim safe_convert_bytes_to_string
  soundex split starts_with strpos substr substring to_base32 to_base64 to_code_points to_hex translate trim
  unicode upper
  -- dates, datetimes, times, timestamps, intervals
  current_date current_datetime current_time current_timestamp date date_add date_bucket date_diff date_from_unix_date
  date_sub date_trunc datetime datetime_add datetime_bucket datetime_diff datetime_sub datetime_trunc extract
  format_date format_datetime format_time format_timestamp last_day parse_date parse_datetime parse_time
  parse_timestamp time time_add time_diff time_sub time_trunc timestamp timestamp_add timestamp_bucket
  timestamp_diff timestamp_micros timestamp_millis timestamp_seconds timestamp_sub timestamp_trunc unix_date
  unix_micros unix_millis unix_seconds generate_date_array generate_timestamp_array justify_days justify_hours
  justify_interval make_interval
  -- conversion and conditional
  cast safe_cast parse_bignumeric parse_numeric coalesce if ifnull nullif iferror iserror nulliferror error
  -- arrays and structs
  array array_concat array_first array_last array_length array_reverse array_slice array_to_string
  generate_array unnest offset ordinal safe_offset safe_ordinal struct
  -- JSON
  json_array json_extract json_extract_array json_extract_scalar json_extract_string_array json_keys json_object
  json_query json_query_array json_remove json_set json_strip_nulls json_type json_value json_value_array
  lax_bool lax_float64 lax_int64 lax_string bool float64 int64 string parse_json to_json to_json_string
  -- hashes, UUIDs, net
  farm_fingerprint md5 sha1 sha256 sha512 generate_uuid net.host net.ip_from_string net.ip_net_mask
  net.ip_to_string net.ip_trunc net.public_suffix net.reg_domain net.safe_ip_from_string
  -- session information
  session_user
`);
