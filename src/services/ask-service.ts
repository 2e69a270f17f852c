import type { BusinessDataPoint, QueryDataPoint, SchemaDataPoint } from '../datapoints/datapoint-model.js';
import type { ConnectionConfig } from '../config/config-schema.js';
import { DatachatError, LlmRequiredError, NotInitializedError, UsageError } from '../errors.js';
import { ConversationStore } from '../knowledge/conversation-store.js';
import { Retriever, type RetrievalResult } from '../knowledge/retriever.js';
import { emptyUsage, usageSince, type LlmUsage } from '../llm/usage.js';
import { summarize, type Answer, type AnswerMethod } from '../query/answer.js';
import { AnswerCache } from '../query/answer-cache.js';
import { planCatalogIntent } from '../query/catalog-intents.js';
import { isFollowUp, mergeFollowUp } from '../query/follow-up.js';
import { DEFAULT_PARSE_BUDGET } from '../query/bounded-parser.js';
import { executeGuarded } from '../query/guarded-executor.js';
import { compileMetricQuestion } from '../query/metric-compiler.js';
import { routeQuestion, vocabularyOf, type QueryRouting } from '../query/query-router.js';
import { matchTemplate } from '../query/template-matcher.js';
import { mergeParts, pairs, zeroMetrics, type Part } from './answer-parts.js';
import { answerWithLlm, answerWithSemanticLlm } from './llm-answer.js';
import type { ProjectContext } from './project-context.js';
import { answerRows } from '../query/answer-values.js';

export interface AskOptions {
  question: string;
  /** Force a connection (`--db`). */
  db?: string;
  crossDatabase?: boolean;
  conversationId?: string;
  /** Plan only: return the SQL without running it. */
  sqlOnly?: boolean;
  now?: Date;
  signal?: AbortSignal;
}

/**
 * The answer pipeline (docs/architecture.md, "How a question is answered"): route → retrieve → plan cheapest first (catalog, metric
 * compiler, Query templates, LLM with repairs) → guard → read-only execution → answer. Without an
 * LLM, a question no deterministic path can answer is declined with LlmRequiredError (exit 5).
 */
export class AskService {
  constructor(private readonly project: ProjectContext) {}

  async ask(options: AskOptions): Promise<Answer> {
    const started = performance.now();
    const now = options.now ?? new Date();
    const store = await this.ready();
    const conversations = new ConversationStore(store);
    const conversationId = conversations.ensure(options.conversationId, now);
    const history = conversations.messages(conversationId);
    const cacheKey =
      history.length === 0 ? AnswerCache.key(options.question, options.db, options.crossDatabase) : undefined;
    const cached =
      cacheKey && !options.sqlOnly ? this.project.answerCache.get(cacheKey, store.generation(), Date.now()) : undefined;
    if (cached) {
      const answer: Answer = {
        ...cached,
        conversation_id: conversationId,
        metrics: {
          ...cached.metrics,
          latency_ms: Math.round(performance.now() - started),
          llm_calls: 0,
          prompt_tokens: 0,
          completion_tokens: 0,
        },
      };
      conversations.add(conversationId, { role: 'user', content: options.question, sql: null, connection: null }, now);
      conversations.add(
        conversationId,
        { role: 'assistant', content: answer.answer, sql: answer.sql, connection: answer.database_used },
        now,
      );
      return answer;
    }
    const previous = [...history].reverse().find((m) => m.role === 'user');
    const previousAnswer = [...history].reverse().find((m) => m.role === 'assistant');
    // Follow-ups ("and by month?") extend the previous question for the deterministic planners.
    const retriever = new Retriever(store, await this.project.embedder());
    // Values of both turns, so "only mobile" replaces "web" (same column) instead of ANDing with it.
    const scope = previousAnswer?.connection ? { connections: [previousAnswer.connection] } : {};
    const turnValues =
      previous && isFollowUp(options.question)
        ? (await retriever.retrieve(`${previous.content} ${options.question}`, { k: 1, ...scope })).values
        : [];
    const question = mergeFollowUp(previous?.content, options.question, now, turnValues);

    let routing: QueryRouting;
    let routed = question;
    if (options.db) {
      routing = {
        targets: [this.project.connection(options.db).id],
        reason: 'chosen with --db',
        confidence: 1,
        method: 'explicit',
      };
    } else if (options.crossDatabase) {
      const targets = this.activeConnections().map((c) => c.id);
      routing = { targets, reason: 'cross-database question', confidence: 1, method: 'explicit' };
    } else {
      const connections = this.activeConnections();
      // A conversation on a connection made inactive since does not keep routing there.
      const previousConnection = previousAnswer?.connection ?? undefined;
      const conversationConnection = connections.some((c) => c.id === previousConnection)
        ? previousConnection
        : undefined;
      const result = await routeQuestion({
        question,
        connections,
        defaultConnection: this.explicitDefault(),
        conversationConnection,
        vocabularies: this.vocabularies(store),
        retriever,
      });
      routing = result.routing;
      routed = result.question;
    }

    const llm = await this.llm();
    const usageBefore = llm?.usage.snapshot() ?? emptyUsage();
    const historyForLlm = pairs(history);
    const parts: Part[] = [];
    const failures: { database: string; error: DatachatError }[] = [];
    for (const target of routing.targets) {
      try {
        parts.push(await this.answerOn(target, routed, retriever, historyForLlm, options, now));
      } catch (error) {
        // Across databases, one that cannot answer must not hide the others' answers.
        if (routing.targets.length === 1 || !(error instanceof DatachatError)) throw error;
        failures.push({ database: target, error });
      }
    }
    if (parts.length === 0) throw failures[0]!.error;
    const usage: LlmUsage = llm ? usageSince(usageBefore, llm.usage.snapshot()) : emptyUsage();
    const metrics = {
      latency_ms: Math.round(performance.now() - started),
      llm_calls: usage.calls,
      prompt_tokens: usage.promptTokens,
      completion_tokens: usage.completionTokens,
    };
    const answer: Answer =
      routing.targets.length === 1
        ? { ...parts[0]!, routing, metrics, conversation_id: conversationId }
        : mergeParts(
            parts,
            routing,
            metrics,
            conversationId,
            failures.map((f) => ({ database: f.database, error: f.error.code, message: f.error.message })),
          );
    conversations.add(conversationId, { role: 'user', content: question, sql: null, connection: null }, now);
    conversations.add(
      conversationId,
      { role: 'assistant', content: answer.answer, sql: answer.sql, connection: answer.database_used },
      now,
    );
    if (cacheKey && !options.sqlOnly) this.project.answerCache.set(cacheKey, answer, store.generation(), Date.now());
    return answer;
  }

  /** What retrieval and routing chose, for `datachat context`. */
  async context(
    question: string,
    options: { db?: string; k?: number } = {},
  ): Promise<{ routing: QueryRouting; retrieval: RetrievalResult }> {
    const store = await this.ready();
    const retriever = new Retriever(store, await this.project.embedder());
    const routing = options.db
      ? {
          targets: [this.project.connection(options.db).id],
          reason: 'chosen with --db',
          confidence: 1,
          method: 'explicit' as const,
        }
      : (
          await routeQuestion({
            question,
            connections: this.activeConnections(),
            defaultConnection: this.explicitDefault(),
            vocabularies: this.vocabularies(store),
            retriever,
          })
        ).routing;
    const retrieval = await retriever.retrieve(question, {
      k: options.k ?? 10,
      ...(options.db ? { connections: routing.targets } : {}),
    });
    return { routing, retrieval };
  }

  /** The connection marked default (none: an uncertain route declines instead of picking the first). */
  private explicitDefault(): string | undefined {
    return this.activeConnections().find((c) => c.default)?.id;
  }

  /**
   * Connections that routing and cross-database answers may pick: `active: false` takes one out
   * (an explicit --db / target_database still reaches it).
   */
  private activeConnections(): ConnectionConfig[] {
    const active = this.project.config.connections.filter((c) => c.active !== false);
    if (active.length === 0 && this.project.config.connections.length > 0) {
      throw new UsageError('Every connection is inactive (`active: false` in .datachat.yml).', {
        hint: 'Name one with --db (target_database), or set `active: true` on one.',
      });
    }
    return active;
  }

  /** What each connection's DataPoints name, for routing. */
  private vocabularies(store: Awaited<ReturnType<ProjectContext['store']>>): Map<string, Set<string>> {
    return new Map(
      this.project.config.connections.map((c) => [
        c.id,
        vocabularyOf(store.list({ connection: c.id }).map((d) => d.dataPoint)),
      ]),
    );
  }

  private async answerOn(
    connectionId: string,
    question: string,
    retriever: Retriever,
    history: { question: string; sql?: string }[],
    options: AskOptions,
    now: Date,
  ): Promise<Part> {
    const store = await this.project.store();
    const connector = await this.project.connector(connectionId);
    // A one-shot `ask` would otherwise wait for the SQLite process after planning: start it meanwhile.
    if (!options.sqlOnly) connector.warmUp?.();
    const all = store.list({ connection: connectionId }).map((d) => d.dataPoint);
    const schemas = all.filter((d): d is SchemaDataPoint => d.type === 'Schema');
    const metrics = all.filter((d): d is BusinessDataPoint => d.type === 'Business');
    const templates = all.filter((d): d is QueryDataPoint => d.type === 'Query');
    const { max_rows: maxRows, timeout_ms: timeoutMs, max_result_bytes: maxBytes } = this.project.config.defaults;
    const limits = { maxRows, timeoutMs, maxBytes, signal: options.signal };
    type Grains = Answer['grains'];
    const run = async (
      method: AnswerMethod,
      title: string,
      sql: string,
      sources: string[],
      params?: unknown[],
      grains?: Grains,
    ): Promise<Part> => {
      if (options.sqlOnly)
        return {
          answer: title,
          sql,
          columns: [],
          data: [],
          database_used: connectionId,
          method,
          sources,
          metrics: zeroMetrics(),
          truncated: false,
        };
      const allowedFunctions = this.project.connection(connectionId).allowed_functions;
      // SQL of datachat's own compiler (metric, catalog) is parsed on this thread when short and shallow.
      const own =
        method === 'metric' || method === 'catalog' ? { parseBudget: { ...DEFAULT_PARSE_BUDGET, inThread: true } } : {};
      const result = await executeGuarded(connector, sql, {
        ...limits,
        allowedFunctions,
        ...own,
        ...(params ? { params } : {}),
      });
      // Unique keys (`id`, `id_2`) and one value model for every engine: see answer-values.ts.
      const { columns, data } = answerRows(result, grains);
      const truncation = result.truncatedBy ? { truncated_by: result.truncatedBy } : {};
      const labelled = grains && Object.keys(grains).length ? { grains } : {};
      return {
        answer: summarize(title, columns, data, result.truncated),
        sql: result.sql,
        columns,
        data,
        ...labelled,
        database_used: connectionId,
        method,
        sources,
        metrics: zeroMetrics(),
        truncated: result.truncated,
        ...truncation,
      };
    };

    const catalog = planCatalogIntent(question, schemas, connector.dialect, metrics);
    if (catalog?.kind === 'rows')
      return {
        answer: summarize(catalog.title, catalog.columns, catalog.rows, false),
        sql: null,
        columns: catalog.columns,
        data: catalog.rows,
        database_used: connectionId,
        method: 'catalog',
        sources: catalog.sources,
        metrics: zeroMetrics(),
        truncated: false,
      };
    if (catalog?.kind === 'sql') return run('catalog', catalog.title, catalog.sql, catalog.sources);

    const retrieval = await retriever.retrieve(question, { connections: [connectionId], k: 10 });
    const compiled = compileMetricQuestion({
      question,
      metrics,
      schemas,
      values: retrieval.values,
      dialect: connector.dialect,
      now,
    });
    if (compiled.kind === 'compiled')
      return run(
        'metric',
        compiled.query.title,
        compiled.query.sql,
        compiled.query.sources,
        undefined,
        compiled.query.grains,
      );
    if (compiled.kind === 'list')
      return run('metric', compiled.query.title, compiled.query.sql, compiled.query.sources);

    const template = matchTemplate(question, templates);
    if (template)
      return run(
        'template',
        template.template.name,
        template.template.dialect_variants?.[connector.engine] ?? template.template.sql,
        [template.template.id],
        template.values,
      );

    const llm = await this.llm();
    if (!llm) {
      const why =
        compiled.kind === 'declined' ? compiled.reason : 'No catalog intent, metric or Query template matches it.';
      throw new LlmRequiredError(`This question needs an LLM: ${why}`, {
        hint: 'Configure an OpenAI-compatible server under `llm:` in .datachat.yml (base_url, model, api_key), or rephrase with a metric name (see `datachat datapoints list --type Business`).',
      });
    }
    const semantic = await answerWithSemanticLlm(
      llm,
      connector,
      question,
      retrieval,
      schemas,
      metrics,
      history,
      now,
      run,
    );
    if (semantic) return semantic;
    return answerWithLlm(llm, connector, question, retrieval, schemas, metrics, history, run);
  }

  private async ready() {
    this.project.requireProject();
    if (this.project.config.connections.length === 0) {
      throw new NotInitializedError('No database is configured.', ['add_database_connection'], {
        hint: 'Run `datachat init --sample` or `datachat db add <name> <url>`.',
      });
    }
    // Auto-sync: edited, added or deleted YAML files are indexed before answering.
    await this.project.freshIndex();
    const store = await this.project.store();
    if (store.count() === 0) {
      throw new NotInitializedError(
        'No DataPoints yet: datachat knows nothing about the databases.',
        ['profile_schema', 'generate_datapoints'],
        {
          hint: 'Run `datachat profile` then `datachat generate --auto-approve` (or `datachat init --sample`).',
        },
      );
    }
    return store;
  }

  private llmInstance: Awaited<ReturnType<typeof import('../llm/create-llm.js')['createLlmProvider']>> | null = null;
  private async llm() {
    if (this.llmInstance === null) {
      const { createLlmProvider } = await import('../llm/create-llm.js');
      this.llmInstance = createLlmProvider(this.project.config.llm);
    }
    return this.llmInstance;
  }
}
