import type { Dialect } from '../connectors/dialect.js';

// Functions that read or write server files, reach other servers, sleep or hold locks, change server
// state, or run SQL given as a string. Matched on the function name only (any schema), case-insensitively.
// Checked before the engines' allow-lists: the refusal names the reason, and no bare `allowed_functions`
// entry can let one of these through (only a schema-qualified user-defined function of the same name).
const FILES = 'reads or writes files on the database server';
const NETWORK = 'reaches other servers or external storage';
const SLEEP = 'sleeps or waits, tying up the database';
const STATE = 'changes server state';
const EXEC = 'runs SQL given as a string, which the guard cannot check';
const PROGRAM = 'runs programs or loads native code on the database server';
const SNOWFLAKE_SYSTEM = 'is a Snowflake SYSTEM$ function (they wait, cancel queries or change account state)';
const DENIED: Record<string, string> = {
  pg_read_file: FILES,
  pg_read_binary_file: FILES,
  pg_stat_file: FILES,
  lo_import: FILES,
  lo_export: FILES,
  lo_unlink: STATE,
  lo_create: STATE,
  lo_creat: STATE,
  lo_put: STATE,
  lo_from_bytea: STATE,
  pg_terminate_backend: STATE,
  pg_cancel_backend: STATE,
  pg_reload_conf: STATE,
  pg_rotate_logfile: STATE,
  pg_switch_wal: STATE,
  pg_promote: STATE,
  pg_create_restore_point: STATE,
  set_config: STATE,
  pg_notify: STATE,
  nextval: STATE,
  setval: STATE,
  query_to_xml: EXEC,
  query_to_xmlschema: EXEC,
  query_to_xml_and_xmlschema: EXEC,
  cursor_to_xml: EXEC,
  ts_stat: EXEC,
  ts_rewrite: EXEC,
  table_to_xml: EXEC,
  database_to_xml: EXEC,
  schema_to_xml: EXEC,
  lowrite: STATE,
  loread: FILES,
  master_gtid_wait: SLEEP,
  wait_until_sql_thread_after_gtids: SLEEP,
  is_free_lock: SLEEP,
  is_used_lock: SLEEP,
  load_file: FILES,
  sleep: SLEEP,
  benchmark: SLEEP,
  get_lock: SLEEP,
  release_lock: STATE,
  release_all_locks: STATE,
  master_pos_wait: SLEEP,
  source_pos_wait: SLEEP,
  wait_for_executed_gtid_set: SLEEP,
  sys_exec: PROGRAM,
  sys_eval: PROGRAM,
  file: FILES,
  filecluster: FILES,
  executable: PROGRAM,
  executablepool: PROGRAM,
  input: FILES,
  sleepeachrow: SLEEP,
  url: NETWORK,
  urlcluster: NETWORK,
  remote: NETWORK,
  remotesecure: NETWORK,
  cluster: NETWORK,
  clusterallreplicas: NETWORK,
  s3: NETWORK,
  s3cluster: NETWORK,
  gcs: NETWORK,
  hdfs: NETWORK,
  hdfscluster: NETWORK,
  azureblobstorage: NETWORK,
  mysql: NETWORK,
  postgresql: NETWORK,
  jdbc: NETWORK,
  odbc: NETWORK,
  mongodb: NETWORK,
  redis: NETWORK,
  sqlite: FILES,
  iceberg: NETWORK,
  deltalake: NETWORK,
  hudi: NETWORK,
  external_query: NETWORK,
  load_extension: PROGRAM,
  readfile: FILES,
  writefile: FILES,
  fts3_tokenizer: PROGRAM,
  edit: PROGRAM,
  fsdir: FILES,
  zipfile: FILES,
};
const DENIED_PREFIXES: [string, string][] = [
  ['pg_sleep', SLEEP],
  ['dblink', NETWORK],
  ['pg_ls_', FILES],
  ['pg_read_', FILES],
  ['pg_file_', FILES],
  ['pg_advisory_', SLEEP],
  ['pg_try_advisory_', SLEEP],
  ['system$', SNOWFLAKE_SYSTEM],
  ['pg_replication_', STATE],
  ['pg_create_', STATE],
  ['pg_drop_', STATE],
  ['pg_stat_reset', STATE],
  ['pg_logical_', STATE],
  ['pg_backup_', STATE],
  ['lo_', STATE],
];
/** SYSTEM$ functions that only describe metadata. */
const HARMLESS_SYSTEM = new Set(['system$typeof', 'system$clustering_depth', 'system$clustering_information']);

/** Why a function may not run, or undefined when it may. `name` is the unqualified name. */
export function deniedFunction(name: string): string | undefined {
  const lower = name.toLowerCase();
  if (HARMLESS_SYSTEM.has(lower)) return undefined;
  return DENIED[lower] ?? DENIED_PREFIXES.find(([prefix]) => lower.startsWith(prefix))?.[1];
}

/**
 * Why a function may not be used in FROM, or undefined when it may. `dialect.tableFunctions`, where the
 * engine has such a list (ClickHouse), names the only table functions allowed.
 */
export function deniedTableFunction(
  name: string,
  qualifier: string[],
  dialect: Pick<Dialect, 'name' | 'tableFunctions'>,
): string | undefined {
  const denied = deniedFunction(name);
  if (denied) return denied;
  if (qualifier.at(-1)?.toLowerCase() === 'system') return 'is a ClickHouse system table function';
  if (dialect.tableFunctions && !dialect.tableFunctions.has(name.toLowerCase())) {
    const allowed = [...dialect.tableFunctions].join(', ');
    return `is not on the list of ${dialect.name} table functions the guard allows (${allowed})`;
  }
  return undefined;
}
