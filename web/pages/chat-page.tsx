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
  const [turns, setTurns] = useState<Turn[]>([]);
  const [busy, setBusy] = useState(false);
  const conversation = useRef<string | undefined>(undefined);
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
    const turn: Turn = { question: text, target };
    setTurns((t) => [...t, turn]);
    setQuestion('');
    try {
      const answer = await post<Answer>('/chat', {
        message: text,
        ...(conversation.current ? { conversation_id: conversation.current } : {}),
        ...(target === ALL ? { cross_database: true } : target !== AUTO ? { target_database: target } : {}),
      });
      conversation.current = answer.conversation_id;
      turn.answer = answer;
    } catch (error) {
      turn.error = error;
    }
    setTurns((t) => [...t]);
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
              conversation.current = undefined;
              setTurns([]);
              input.current?.focus();
            }}
          >
            New conversation
          </button>
        )}
      </div>
      <div class="turns" aria-live="polite">
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
