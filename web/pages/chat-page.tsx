import { useEffect, useRef, useState } from 'preact/hooks';
import { type Answer, type AnswerPart, type Connection, get, post } from '../api.js';
import { CodeView } from '../components/code-view.js';
import { ErrorBox } from '../components/error-box.js';
import { chartSpec, ResultChart } from '../components/result-chart.js';
import { ResultTable } from '../components/result-table.js';
import { download, toCsv } from '../csv.js';
import { Link } from '../router.js';

interface Turn {
  question: string;
  target: string;
  answer?: Answer;
  error?: unknown;
}

interface Conversation {
  /** Set by the first answer; sent with every follow-up. */
  id?: string;
  turns: Turn[];
}

/**
 * The tab's conversations, kept while the app runs (leaving /chat and coming back finds them). The
 * server keeps each one's history for follow-ups; a reload starts afresh.
 */
const store: { list: Conversation[]; current: number } = { list: [{ turns: [] }], current: 0 };

const AUTO = '__auto';
const ALL = '__all';

const METHODS: Record<string, string> = {
  catalog: 'catalog (no LLM)',
  metric: 'metric compiler (no LLM)',
  template: 'query template (no LLM)',
  llm: 'LLM',
};

export function ChatPage() {
  const [databases, setDatabases] = useState<Connection[]>([]);
  const [target, setTarget] = useState(AUTO);
  const [question, setQuestion] = useState('');
  const [, setVersion] = useState(0);
  const refresh = () => setVersion((v) => v + 1);
  const [busy, setBusy] = useState(false);
  const conversation = store.list[store.current]!;
  const turns = conversation.turns;
  const input = useRef<HTMLInputElement>(null);
  const end = useRef<HTMLDivElement>(null);

  useEffect(() => {
    get<Connection[]>('/databases?limit=1000')
      .then(setDatabases)
      .catch(() => setDatabases([]));
    input.current?.focus();
  }, []);
  useEffect(() => end.current?.scrollIntoView({ block: 'nearest' }), [turns.length]);

  const ask = async (event: Event) => {
    event.preventDefault();
    const text = question.trim();
    if (!text || busy) return;
    setBusy(true);
    // The conversation asked in, even if another one is opened meanwhile.
    const asked = conversation;
    const turn: Turn = { question: text, target };
    asked.turns.push(turn);
    refresh();
    setQuestion('');
    try {
      const answer = await post<Answer>('/chat', {
        message: text,
        ...(asked.id ? { conversation_id: asked.id } : {}),
        ...(target === ALL ? { cross_database: true } : target !== AUTO ? { target_database: target } : {}),
      });
      asked.id = answer.conversation_id;
      turn.answer = answer;
    } catch (error) {
      turn.error = error;
    }
    refresh();
    setBusy(false);
    input.current?.focus();
  };

  return (
    <section aria-labelledby="chat-title">
      <div class="page-head">
        <h1 id="chat-title">Chat</h1>
        {turns.length > 0 && (
          <button
            type="button"
            class="secondary"
            onClick={() => {
              store.list.push({ turns: [] });
              store.current = store.list.length - 1;
              refresh();
              input.current?.focus();
            }}
          >
            New conversation
          </button>
        )}
      </div>
      {store.list.filter((c) => c.turns.length > 0).length > 1 && (
        <nav class="conversations" aria-label="Conversations">
          {store.list.map((c, i) =>
            c.turns.length === 0 ? null : (
              <button
                key={i}
                type="button"
                class="small secondary"
                aria-current={i === store.current ? 'true' : undefined}
                onClick={() => {
                  store.current = i;
                  refresh();
                }}
              >
                {c.turns[0]!.question}
                {c.turns.length > 1 ? ` (+${c.turns.length - 1})` : ''}
              </button>
            ),
          )}
        </nav>
      )}
      <div class="turns" aria-live="polite" key={store.current}>
        {turns.length === 0 && (
          <p class="muted">
            Ask in plain language, for example “revenue by month in 2024” or “top 5 products by revenue”. Follow-ups
            such as “and by quarter?” continue the conversation.
          </p>
        )}
        {turns.map((t, i) => (
          <article key={i} class="turn">
            <p class="question">
              <span class="visually-hidden">Question: </span>
              {t.question}
            </p>
            {t.answer ? (
              <AnswerView answer={t.answer} />
            ) : t.error ? (
              <ErrorBox error={t.error} />
            ) : (
              <p class="muted">Thinking…</p>
            )}
          </article>
        ))}
        <div ref={end} />
      </div>
      <form class="ask" onSubmit={ask}>
        <label class="db-select">
          <span>Database</span>
          <select value={target} onChange={(e) => setTarget(e.currentTarget.value)} aria-label="Database">
            <option value={AUTO}>Automatic routing</option>
            <option value={ALL}>All databases (cross-database)</option>
            {databases.map((d) => (
              <option key={d.connection_id} value={d.connection_id}>
                {d.name} ({d.database_type})
              </option>
            ))}
          </select>
        </label>
        <input
          ref={input}
          type="text"
          aria-label="Ask a question"
          placeholder="Ask a question"
          value={question}
          maxLength={4000}
          onInput={(e) => setQuestion(e.currentTarget.value)}
        />
        <button type="submit" disabled={busy || !question.trim()}>
          {busy ? 'Asking…' : 'Ask'}
        </button>
      </form>
    </section>
  );
}

function AnswerView(props: { answer: Answer }) {
  const a = props.answer;
  const parts = a.parts && a.parts.length > 1 ? a.parts : undefined;
  return (
    <div class="answer">
      <p class="answer-text">{a.answer}</p>
      <p class="meta">
        <span>Method: {METHODS[a.method] ?? a.method}</span>
        <span>Database: {a.database_used}</span>
        <span>
          Routing: {a.routing.reason} ({a.routing.method})
        </span>
        <span>{Math.round(a.metrics.latency_ms)} ms</span>
      </p>
      {a.failures?.map((f) => (
        <p key={f.database} class="error">
          {f.database}: {f.message}
        </p>
      ))}
      {parts ? parts.map((p, i) => <PartView key={i} part={p} title={p.database_used} />) : <PartView part={a} />}
    </div>
  );
}

function PartView(props: { part: AnswerPart; title?: string }) {
  const p = props.part;
  const spec = chartSpec(p.columns, p.data, p.grains);
  return (
    <div class="part">
      {props.title && <h3>{props.title}</h3>}
      {p.columns.length > 0 && (
        <>
          <ResultTable columns={p.columns} rows={p.data} />
          {p.truncated && <p class="muted">The result was cut at the row or size limit.</p>}
          {spec && (
            <ResultChart
              spec={spec}
              title={`Chart of ${spec.series.map((s) => s.name).join(', ')} by ${p.columns[0]}`}
            />
          )}
          <button
            type="button"
            class="small secondary"
            onClick={() => download(`${p.database_used}-answer.csv`, toCsv(p.columns, p.data))}
          >
            Download CSV
          </button>
        </>
      )}
      {p.sql && (
        <details class="sql" open>
          <summary>SQL</summary>
          <CodeView value={p.sql} language="sql" readOnly label="SQL of the answer" />
        </details>
      )}
      {p.sources.length > 0 && (
        <p class="sources">
          Sources:{' '}
          {p.sources.map((s, i) => (
            <span key={s}>
              {i > 0 && ', '}
              <Link href={`/datapoints/${s.includes('/') ? s : `${p.database_used}/${s}`}`}>{s}</Link>
            </span>
          ))}
        </p>
      )}
    </div>
  );
}
