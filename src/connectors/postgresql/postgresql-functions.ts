import { functionSet } from '../function-set.js';

/**
 * PostgreSQL built-in functions the SQL guard lets a query call (lower-case names, matched unqualified
 * or as `pg_catalog.name`). Built from the PostgreSQL 17 manual, chapter 9 "Functions and Operators"
 * (math, string, binary, pattern matching, formatting, date/time, enum, network, text search, UUID, JSON,
 * sequence-free array and range functions, aggregates, window functions, conditional expressions,
 * set-returning generators) and the safe parts of 9.27 "System Information Functions".
 * Left out on purpose (fail closed): anything that reads or writes files (pg_read_file, pg_ls_dir,
 * lo_*), reaches other servers (dblink*), sleeps or locks (pg_sleep*, pg_advisory*), changes state that
 * ROLLBACK does not undo (replication slots, pg_stat_reset*, pg_logical_emit_message, pg_backup_*,
 * nextval/setval, set_config, setseed), signals backends, and every function that runs SQL given as
 * text (query_to_xml*, cursor_to_xml, ts_rewrite, ts_stat, xpath and the other XML functions).
 */
export const POSTGRESQL_FUNCTIONS: ReadonlySet<string> = functionSet(`
  -- aggregates
  avg bit_and bit_or bit_xor bool_and bool_or count every max min sum string_agg array_agg json_agg jsonb_agg
  json_agg_strict jsonb_agg_strict json_object_agg jsonb_object_agg json_object_agg_strict jsonb_object_agg_strict
  json_object_agg_unique jsonb_object_agg_unique json_objectagg json_arrayagg any_value range_agg range_intersect_agg
  corr covar_pop covar_samp regr_avgx regr_avgy regr_count regr_intercept regr_r2 regr_slope regr_sxx regr_sxy
  regr_syy stddev stddev_pop stddev_samp variance var_pop var_samp mode percentile_cont percentile_disc grouping
  -- window functions
  row_number rank dense_rank percent_rank cume_dist ntile lag lead first_value last_value nth_value
  -- math
  abs cbrt ceil ceiling degrees div exp factorial floor gcd lcm ln log log10 min_scale mod pi power pow radians
  round scale sign sqrt trim_scale trunc width_bucket random random_normal acos acosd asin asind atan atand atan2
  atan2d cos cosd cot cotd sin sind tan tand sinh cosh tanh asinh acosh atanh erf erfc gamma lgamma
  -- strings and binary strings
  ascii bit_length btrim char_length character_length chr concat concat_ws format initcap left length lower lpad
  ltrim md5 normalize octet_length overlay parse_ident position quote_ident quote_literal quote_nullable
  regexp_count regexp_instr regexp_like regexp_match regexp_matches regexp_replace regexp_split_to_array
  regexp_split_to_table regexp_substr repeat replace reverse right rpad rtrim split_part starts_with
  string_to_array string_to_table strpos substr substring to_ascii to_hex to_bin to_oct translate trim unistr
  upper unicode_assigned casefold bit_count get_bit get_byte set_bit set_byte sha224 sha256 sha384 sha512 encode
  decode convert convert_from convert_to crc32 crc32c
  -- formatting
  to_char to_date to_number to_timestamp
  -- date and time
  age clock_timestamp current_date current_time current_timestamp date_add date_bin date_part date_subtract
  date_trunc extract isfinite justify_days justify_hours justify_interval localtime localtimestamp make_date
  make_interval make_time make_timestamp make_timestamptz now statement_timestamp timeofday transaction_timestamp
  timezone
  -- conditional
  coalesce nullif greatest least num_nulls num_nonnulls
  -- JSON
  to_json to_jsonb array_to_json row_to_json json_build_array jsonb_build_array json_build_object
  jsonb_build_object json_object jsonb_object json_array json_scalar json_serialize json_exists json_query
  json_value json_array_length jsonb_array_length json_each jsonb_each json_each_text jsonb_each_text
  json_extract_path jsonb_extract_path json_extract_path_text jsonb_extract_path_text json_object_keys
  jsonb_object_keys json_array_elements jsonb_array_elements json_array_elements_text jsonb_array_elements_text
  json_typeof jsonb_typeof json_strip_nulls jsonb_strip_nulls jsonb_set jsonb_set_lax jsonb_insert jsonb_pretty
  jsonb_path_exists jsonb_path_match jsonb_path_query jsonb_path_query_array jsonb_path_query_first
  jsonb_path_exists_tz jsonb_path_match_tz jsonb_path_query_tz jsonb_path_query_array_tz jsonb_path_query_first_tz
  json_populate_record jsonb_populate_record json_populate_recordset jsonb_populate_recordset json_to_record
  jsonb_to_record json_to_recordset jsonb_to_recordset
  -- arrays and ranges
  array_append array_cat array_dims array_fill array_length array_lower array_ndims array_position
  array_positions array_prepend array_remove array_replace array_to_string array_upper cardinality trim_array
  unnest array_sample array_shuffle array_reverse array_sort isempty lower_inc upper_inc lower_inf upper_inf
  range_merge int4range int8range numrange tsrange tstzrange daterange int4multirange int8multirange nummultirange
  tsmultirange tstzmultirange datemultirange multirange
  -- text search (not ts_rewrite or ts_stat: they run SQL given as text)
  to_tsvector to_tsquery plainto_tsquery phraseto_tsquery websearch_to_tsquery ts_rank ts_rank_cd ts_headline
  setweight strip numnode querytree array_to_tsvector tsvector_to_array ts_delete ts_filter get_current_ts_config
  -- set-returning generators
  generate_series generate_subscripts
  -- UUID, enums, network addresses
  gen_random_uuid uuidv4 uuidv7 uuid_extract_timestamp uuid_extract_version enum_first enum_last enum_range
  abbrev broadcast family host hostmask inet_merge inet_same_family masklen netmask network set_masklen
  -- conversions spelled as functions (same as casts)
  bool int2 int4 int8 float4 float8 numeric text varchar bpchar date time timestamp timestamptz interval
  -- session information that holds no secret
  current_user session_user current_role current_catalog current_database current_schema current_schemas user
  system_user version pg_typeof format_type current_setting to_regclass to_regtype to_regnamespace
  -- object sizes and definitions (catalog reads that hold no secret)
  pg_size_pretty pg_size_bytes pg_total_relation_size pg_relation_size pg_table_size pg_indexes_size
  pg_database_size pg_column_size obj_description col_description shobj_description pg_get_expr
  pg_get_constraintdef pg_get_indexdef pg_get_viewdef pg_get_userbyid pg_get_serial_sequence
  has_table_privilege has_column_privilege has_schema_privilege has_database_privilege
`);
