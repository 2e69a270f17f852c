import { functionSet } from '../function-set.js';

/**
 * MySQL 8 / MariaDB 11 built-in functions the SQL guard lets a query call (lower-case names). Built from
 * the MySQL 8.4 reference manual, chapter 14 "Functions and Operators" (aggregate, window, numeric,
 * string, date and time, cast, JSON, comparison, flow control, bit, hash, miscellaneous) and the MariaDB
 * "Built-in Functions" index (its extra string, date and JSON functions).
 * Left out on purpose (fail closed): LOAD_FILE, SLEEP, BENCHMARK, GET_LOCK and the other lock functions
 * (RELEASE_LOCK, RELEASE_ALL_LOCKS, IS_FREE_LOCK, IS_USED_LOCK), replication waits (MASTER_POS_WAIT,
 * MASTER_GTID_WAIT, SOURCE_POS_WAIT, WAIT_FOR_EXECUTED_GTID_SET, WAIT_UNTIL_SQL_THREAD_AFTER_GTIDS),
 * sequences (NEXTVAL, SETVAL, LASTVAL), XML functions (EXTRACTVALUE and UPDATEXML, long used to smuggle
 * data out through error messages), NAME_CONST, encryption and password functions, and UDFs such as sys_exec.
 */
export const MYSQL_FUNCTIONS: ReadonlySet<string> = functionSet(`
  -- aggregates
  avg bit_and bit_or bit_xor count group_concat json_arrayagg json_objectagg max min std stddev stddev_pop
  stddev_samp sum var_pop var_samp variance any_value
  -- window functions (MariaDB adds median and the percentiles)
  cume_dist dense_rank first_value lag last_value lead nth_value ntile percent_rank rank row_number median
  percentile_cont percentile_disc
  -- numeric
  abs acos asin atan atan2 ceil ceiling conv cos cot crc32 degrees div exp floor ln log log10 log2 mod pi pow
  power radians rand round sign sin sqrt tan truncate bit_count
  -- strings
  ascii bin bit_length char char_length character_length chr concat concat_ws elt export_set field find_in_set
  format from_base64 hex insert instr lcase left length lengthb locate lower lpad ltrim make_set mid oct
  octet_length ord position quote regexp regexp_instr regexp_like regexp_replace regexp_substr repeat replace
  reverse right rpad rtrim soundex space strcmp substr substring substring_index to_base64 trim ucase unhex upper
  weight_string natural_sort_key sformat to_char collation charset coercibility
  -- date and time
  adddate addtime convert_tz curdate current_date current_time current_timestamp curtime date date_add
  date_format date_sub datediff day dayname dayofmonth dayofweek dayofyear extract from_days from_unixtime
  get_format hour last_day localtime localtimestamp makedate maketime microsecond minute month monthname now
  period_add period_diff quarter sec_to_time second str_to_date subdate subtime sysdate time time_format
  time_to_sec timediff timestamp timestampadd timestampdiff to_days to_seconds unix_timestamp utc_date utc_time
  utc_timestamp week weekday weekofyear year yearweek add_months
  -- casts and conditional
  cast convert binary if ifnull nullif coalesce greatest least isnull interval nvl nvl2 decode_oracle
  -- JSON
  json_array json_array_append json_array_insert json_contains json_contains_path json_depth json_extract
  json_insert json_keys json_length json_merge json_merge_patch json_merge_preserve json_object json_overlaps
  json_pretty json_quote json_remove json_replace json_search json_set json_type json_unquote json_valid
  json_value json_table json_query json_compact json_detailed json_loose json_exists json_equals json_normalize
  json_array_intersect json_object_filter_keys json_object_to_array json_schema_valid member
  -- hashes, UUIDs, addresses
  md5 sha sha1 sha2 uuid uuid_to_bin bin_to_uuid is_uuid inet_aton inet_ntoa inet6_aton inet6_ntoa is_ipv4
  is_ipv6 is_ipv4_compat is_ipv4_mapped
  -- session information that holds no secret
  database schema user current_user session_user system_user version connection_id current_role
`);
