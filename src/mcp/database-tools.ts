import { z } from 'zod';
import { DATAPOINT_TYPES } from '../datapoints/datapoint-model.js';
import { UsageError } from '../errors.js';
import { answerRows } from '../query/answer-values.js';
import { GuardedExecutor } from '../query/guarded-executor.js';
import { ConnectionService } from '../services/connection-service.js';
import { defineTool, READ_ONLY, type ToolDefinition } from './mcp-tool.js';
import { capRows, resultLimits } from './result-caps.js';
import { rowsText } from './tool-result.js';

const counts = z.object({ Schema: z.number(), Business: z.number(), Process: z.number(), Query: z.number() });

const listDatabases = defineTool({
  name: 'list_databases',
  title: 'List databases',
  description:
    'The databases (connections) of this datachat project: id, engine type, description, whether it is the default, and how many DataPoints (reviewed knowledge: tables, metrics, processes, query templates) describe it. Pass an id as `database` to the other tools.',
  input: {},
  output: {
    databases: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        type: z.string().describe('engine: sqlite, postgresql, mysql, clickhouse, bigquery, snowflake'),
        description: z.string().nullable(),
        is_default: z.boolean(),
        is_active: z.boolean().describe('false: out of routing, reached only when named'),
        tags: z.array(z.string()),
        datapoint_count: z.number(),
        datapoint_counts: counts,
        last_profiled: z.string().nullable(),
      }),
    ),
  },
  annotations: READ_ONLY,
  async run(_args, { host }) {
    const { project } = host;
    project.requireProject();
    await host.freshIndex();
    const views = await new ConnectionService(project).list();
    const byType = new Map<string, z.infer<typeof counts>>();
    if (views.length) {
      for (const d of (await project.store()).list()) {
        const c = byType.get(d.connection) ?? { Schema: 0, Business: 0, Process: 0, Query: 0 };
        c[d.type] += 1;
        byType.set(d.connection, c);
      }
    }
    const databases = views.map((v) => ({
      id: v.connection_id,
      name: v.name,
      type: v.database_type,
      description: v.description,
      is_default: v.is_default,
      is_active: v.is_active,
      tags: v.tags,
      datapoint_count: v.datapoint_count,
      datapoint_counts: byType.get(v.connection_id) ?? { Schema: 0, Business: 0, Process: 0, Query: 0 },
      last_profiled: v.last_profiled,
    }));
    const text = databases.length
      ? databases
          .map((d) => {
            const kinds = DATAPOINT_TYPES.map((t) => `${d.datapoint_counts[t]} ${t}`).join(', ');
            const about = d.description ? ` — ${d.description}` : '';
            return `${d.id} (${d.type}${d.is_default ? ', default' : ''}${d.is_active ? '' : ', inactive'})${about}: ${kinds} DataPoints`;
          })
          .join('\n')
      : 'No databases configured: add one with `datachat db add <name> <url>`.';
    return { structured: { databases }, text };
  },
});

const runQuery = defineTool({
  name: 'run_query',
  title: 'Run read-only SQL',
  description:
    'Runs one SQL statement on a database through the same guard and read-only executor as `datachat query`: only a single read-only statement calling allow-listed functions is accepted (a refusal is an error naming the rule and a hint), it runs in a read-only session with a timeout, and the rows returned are capped. Use get_context first to learn the tables, columns, joins and metric definitions; write SQL in the dialect of the database (list_databases gives its type).',
  input: {
    sql: z.string().min(1).describe('one read-only SQL statement (SELECT, WITH ... SELECT, ...)'),
    database: z.string().optional().describe('database id from list_databases (default: the default database)'),
  },
  output: {
    sql: z.string().describe('the statement as run'),
    columns: z.array(z.string()),
    data: z.array(z.record(z.string(), z.unknown())).describe('one object per row, keyed by column'),
    row_count: z.number().describe('rows returned (after the caps)'),
    truncated: z.boolean().describe('true when a cap cut the result: aggregate or filter instead'),
    truncated_by: z.enum(['rows', 'bytes']).optional(),
    database_used: z.string(),
    elapsed_ms: z.number(),
  },
  annotations: { ...READ_ONLY, title: 'Run read-only SQL' },
  async run({ sql, database }, { host, signal }) {
    if (!sql.trim()) throw new UsageError('Give the SQL to run.');
    const { project } = host;
    const connection = project.connection(database);
    const executor = new GuardedExecutor(await project.connector(connection.id), connection.allowed_functions);
    const limits = resultLimits(project.config.defaults);
    const { timeout_ms: timeoutMs } = project.config.defaults;
    const result = await executor.execute(sql, {
      maxRows: limits.maxRows,
      maxBytes: limits.maxBytes,
      timeoutMs,
      signal,
    });
    const { columns, data: rows } = answerRows(result);
    const capped = capRows(rows, limits);
    const truncatedBy = result.truncatedBy ?? capped.truncatedBy;
    const structured = {
      sql: result.sql,
      columns,
      data: capped.data,
      row_count: capped.data.length,
      truncated: truncatedBy !== undefined,
      ...(truncatedBy ? { truncated_by: truncatedBy } : {}),
      database_used: connection.id,
      elapsed_ms: Math.round(result.elapsedMs),
    };
    const n = capped.data.length;
    const summary = `${n} row${n === 1 ? '' : 's'}${truncatedBy ? ` (truncated by the ${truncatedBy} cap: aggregate or filter to see everything)` : ''} from ${connection.id} in ${structured.elapsed_ms} ms.`;
    return { structured, text: [summary, rowsText(columns, capped.data)].filter(Boolean).join('\n\n') };
  },
});

/** Databases and SQL: list_databases, run_query. */
export const databaseTools: readonly ToolDefinition[] = [listDatabases, runQuery];
