import { z } from 'zod';
import type { BusinessDataPoint, SchemaDataPoint } from '../datapoints/datapoint-model.js';
import { LlmRequiredError, NotFoundError, UsageError } from '../errors.js';
import { ConversationStore } from '../knowledge/conversation-store.js';
import type { Answer } from '../query/answer.js';
import { dataPointUri } from './datapoint-uri.js';
import { defineTool, READ_ONLY, type ToolDefinition } from './mcp-tool.js';
import { capRows, resultLimits, type ResultLimits } from './result-caps.js';
import { rowsText } from './tool-result.js';

const routingSchema = z.object({
  targets: z.array(z.string()).describe('database ids the question goes to'),
  reason: z.string(),
  confidence: z.number(),
  method: z.enum(['explicit', 'conversation', 'relevance', 'default', 'only']),
  margin: z.number().optional(),
});

const row = z.record(z.string(), z.unknown());

/** Sample values of a column shown in context (enough to write a filter, not a data dump). */
const SAMPLE_VALUES = 5;

const getContext = defineTool({
  name: 'get_context',
  title: 'Get context for a question',
  description:
    'What datachat knows that is relevant to a question, to write SQL yourself: the routing decision (which database), the ranked tables with their columns (type, meaning, sample values) and relationships (join keys), the relevant business metrics with their exact SQL expression, filters and time column, the matching DataPoints and values found in the data. Then run SQL with run_query.',
  input: {
    question: z.string().min(1).describe('the question in plain language'),
    database: z.string().optional().describe('only this database id (default: routing chooses)'),
    k: z.number().int().min(1).max(30).optional().describe('DataPoints to retrieve (default 10)'),
  },
  output: {
    question: z.string(),
    routing: routingSchema,
    databases: z
      .array(z.object({ id: z.string(), type: z.string() }))
      .describe('the routed databases and their SQL dialect'),
    tables: z.array(
      z.object({
        connection: z.string(),
        table: z.string(),
        score: z.number(),
        via: z.enum(['hit', 'join_path']).describe('hit: matched the question; join_path: connects matched tables'),
        purpose: z.string(),
        row_count: z.number().nullable(),
        primary_key: z.array(z.string()),
        columns: z.array(
          z.object({
            name: z.string(),
            type: z.string(),
            nullable: z.boolean(),
            meaning: z.string(),
            pii: z.boolean(),
            sample_values: z.array(z.unknown()),
          }),
        ),
        relationships: z.array(
          z.object({
            columns: z.array(z.string()),
            target_table: z.string(),
            target_columns: z.array(z.string()),
            cardinality: z.string(),
            kind: z.string(),
          }),
        ),
        gotchas: z.array(z.string()),
      }),
    ),
    metrics: z.array(
      z.object({
        connection: z.string(),
        id: z.string(),
        name: z.string(),
        description: z.string(),
        expression: z.string().describe('SQL aggregate over `table`'),
        table: z.string(),
        aggregation: z.string(),
        filters: z.array(z.string()).describe('SQL conditions always applied'),
        time_column: z.string().nullable(),
        dimensions: z.array(z.string()),
        synonyms: z.array(z.string()),
        unit: z.string().nullable(),
        business_rules: z.array(z.string()),
      }),
    ),
    datapoints: z.array(
      z.object({
        connection: z.string(),
        id: z.string(),
        type: z.string(),
        name: z.string(),
        score: z.number(),
        uri: z.string().describe('read it with get_datapoint or as an MCP resource'),
      }),
    ),
    values: z
      .array(z.object({ connection: z.string(), table: z.string(), column: z.string(), value: z.string() }))
      .describe('words of the question found as values in the data'),
    elapsed_ms: z.number(),
  },
  annotations: READ_ONLY,
  async run({ question, database, k }, { host }) {
    if (!question.trim()) throw new UsageError('Give a question.');
    const { project } = host;
    await host.freshIndex();
    const { routing, retrieval } = await host.asker.context(question, {
      ...(database ? { db: database } : {}),
      ...(k ? { k } : {}),
    });
    const store = await project.store();
    const stored = new Map<string, SchemaDataPoint | BusinessDataPoint>();
    for (const connection of new Set([...retrieval.tables, ...retrieval.datapoints].map((t) => t.connection))) {
      for (const d of store.list({ connection })) {
        if (d.dataPoint.type === 'Schema')
          stored.set(`${connection}/table/${d.dataPoint.table.toLowerCase()}`, d.dataPoint);
        if (d.dataPoint.type === 'Business') stored.set(`${connection}/metric/${d.id}`, d.dataPoint);
      }
    }
    const tables = retrieval.tables.flatMap((t) => {
      const schema = stored.get(`${t.connection}/table/${t.table.toLowerCase()}`) as SchemaDataPoint | undefined;
      if (!schema) return [];
      return [
        {
          connection: t.connection,
          table: t.table,
          score: round(t.score),
          via: t.via,
          purpose: schema.purpose || schema.description,
          row_count: schema.row_count ?? null,
          primary_key: schema.primary_key,
          columns: schema.columns.map((c) => ({
            name: c.name,
            type: c.type,
            nullable: c.nullable,
            meaning: c.meaning,
            pii: c.pii === true,
            // Personal data stays out of an assistant's context even as examples.
            sample_values: c.pii ? [] : (c.stats?.sample_values ?? []).slice(0, SAMPLE_VALUES),
          })),
          relationships: schema.relationships.map((r) => ({
            columns: r.columns,
            target_table: r.target_table,
            target_columns: r.target_columns,
            cardinality: r.cardinality,
            kind: r.kind,
          })),
          gotchas: schema.gotchas,
        },
      ];
    });
    const metrics = retrieval.datapoints.flatMap((d) => {
      const metric = stored.get(`${d.connection}/metric/${d.id}`) as BusinessDataPoint | undefined;
      if (d.type !== 'Business' || !metric) return [];
      return [
        {
          connection: d.connection,
          id: metric.id,
          name: metric.name,
          description: metric.description,
          expression: metric.expression,
          table: metric.table,
          aggregation: metric.aggregation,
          filters: metric.filters,
          time_column: metric.time_column ?? null,
          dimensions: metric.dimensions,
          synonyms: metric.synonyms,
          unit: metric.unit ?? null,
          business_rules: metric.business_rules,
        },
      ];
    });
    const structured = {
      question,
      routing,
      databases: routing.targets.map((id) => ({ id, type: project.connection(id).type })),
      tables,
      metrics,
      datapoints: retrieval.datapoints.map((d) => ({
        connection: d.connection,
        id: d.id,
        type: d.type,
        name: d.name,
        score: round(d.score),
        uri: dataPointUri(d),
      })),
      values: retrieval.values,
      elapsed_ms: round(retrieval.elapsedMs),
    };
    const lines = [
      `Routing: ${routing.targets.join(', ')} (${routing.reason}; confidence ${routing.confidence}).`,
      ...structured.databases.map((d) => `${d.id} speaks ${d.type} SQL.`),
      ...tables.map(
        (t) =>
          `Table ${t.table}${t.row_count !== null ? ` (${t.row_count} rows)` : ''}: ${t.columns.map((c) => `${c.name} ${c.type}`).join(', ')}` +
          (t.relationships.length
            ? `; joins ${t.relationships.map((r) => `${r.columns.join(',')} → ${r.target_table}.${r.target_columns.join(',')}`).join('; ')}`
            : ''),
      ),
      ...metrics.map(
        (m) =>
          `Metric ${m.id}: ${m.expression} FROM ${m.table}${m.filters.length ? ` WHERE ${m.filters.join(' AND ')}` : ''}${m.time_column ? ` (time: ${m.time_column})` : ''}`,
      ),
      ...(retrieval.values.length
        ? [`Values: ${retrieval.values.map((v) => `${v.table}.${v.column} = '${v.value}'`).join(', ')}`]
        : []),
    ];
    return { structured, text: lines.join('\n') };
  },
});

const answerSchema = {
  status: z
    .enum(['answered', 'needs_llm'])
    .describe('needs_llm: no deterministic path answers it and no LLM is configured; use get_context + run_query'),
  answer: z.string().describe('one-line answer, or why it was not answered'),
  hint: z.string().optional().describe('with needs_llm: what to do'),
  sql: z.string().nullable().optional(),
  columns: z.array(z.string()).optional(),
  data: z.array(row).optional().describe('rows (capped), keyed by column'),
  grains: z.record(z.string(), z.string()).optional().describe('time-bucket columns and their grain'),
  database_used: z.string().optional(),
  method: z.enum(['catalog', 'metric', 'template', 'llm']).optional(),
  sources: z.array(z.string()).optional().describe('DataPoints the answer is built from'),
  routing: routingSchema.optional(),
  metrics: z
    .object({ latency_ms: z.number(), llm_calls: z.number(), prompt_tokens: z.number(), completion_tokens: z.number() })
    .optional(),
  conversation_id: z.string().optional().describe('pass it back as conversation_id for a follow-up question'),
  truncated: z.boolean().optional(),
  truncated_by: z.enum(['rows', 'bytes']).optional(),
  parts: z
    .array(z.record(z.string(), z.unknown()))
    .optional()
    .describe('per-database answers of a cross-database question'),
  failures: z.array(z.object({ database: z.string(), error: z.string(), message: z.string() })).optional(),
};

const ask = defineTool({
  name: 'ask',
  title: 'Ask a question',
  description:
    "Answers a question in plain language the way `datachat ask --json` does: routing, then catalog questions, the metric compiler over reviewed business metrics, query templates, and an LLM when the project has one. Returns the answer, the SQL, columns and rows (capped), the method and the DataPoints used. When no deterministic path answers and no LLM is configured, the result has status 'needs_llm' (not an error): then call get_context and write the SQL with run_query. Pass conversation_id back for follow-ups such as 'and by month?'.",
  input: {
    question: z.string().min(1).describe('e.g. "revenue by month in 2024"'),
    database: z.string().optional().describe('ask this database id (default: routing chooses)'),
    conversation_id: z.string().optional().describe('continue a conversation (from an earlier answer)'),
  },
  output: answerSchema,
  annotations: READ_ONLY,
  async run({ question, database, conversation_id: conversationId }, { host, signal }) {
    if (!question.trim()) throw new UsageError('Ask a question, e.g. "revenue by month in 2024".');
    const { project } = host;
    await host.freshIndex();
    if (conversationId !== undefined && !new ConversationStore(await project.store()).exists(conversationId)) {
      throw new NotFoundError(`Unknown conversation "${conversationId}".`, {
        hint: 'Use the conversation_id of an earlier answer, or leave it out to start a new conversation.',
      });
    }
    let answer: Answer;
    try {
      answer = await host.answer(() =>
        host.asker.ask({
          question,
          ...(database ? { db: database } : {}),
          ...(conversationId ? { conversationId } : {}),
          signal,
        }),
      );
    } catch (error) {
      if (!(error instanceof LlmRequiredError)) throw error;
      const fallback = 'Call get_context for this question and write the SQL yourself with run_query.';
      const hint = error.hint ? `${fallback} Or: ${error.hint}` : fallback;
      return {
        structured: { status: 'needs_llm', answer: error.message, hint },
        text: `${error.message}\n${hint}`,
      };
    }
    const capped = capAnswer(answer, resultLimits(project.config.defaults));
    const n = capped.data.length;
    const lines = [
      capped.answer,
      rowsText(capped.columns, capped.data),
      `${n} row${n === 1 ? '' : 's'}${capped.truncated ? ` (truncated by the ${capped.truncated_by ?? 'rows'} cap)` : ''} · ${capped.method} · ${capped.database_used} · conversation ${capped.conversation_id}`,
      capped.sql ? `SQL: ${capped.sql}` : '',
    ];
    return { structured: { status: 'answered', ...capped }, text: lines.filter(Boolean).join('\n\n') };
  },
});

/** The answer with its rows (and those of each part) within the tool-result caps. */
function capAnswer(answer: Answer, limits: ResultLimits): Answer {
  const cap = <T extends Pick<Answer, 'data' | 'truncated' | 'truncated_by'>>(part: T): T => {
    const capped = capRows(part.data, limits);
    if (!capped.truncatedBy) return part;
    return { ...part, data: capped.data, truncated: true, truncated_by: part.truncated_by ?? capped.truncatedBy };
  };
  return { ...cap(answer), ...(answer.parts ? { parts: answer.parts.map(cap) } : {}) };
}

function round(n: number): number {
  return Number(n.toFixed(5));
}

/** Questions: get_context (to write SQL yourself) and ask (datachat answers). */
export const questionTools: readonly ToolDefinition[] = [getContext, ask];
