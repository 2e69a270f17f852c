import { useEffect, useState } from 'preact/hooks';
import {
  type Connection,
  type DataPointItem,
  type FileIssue,
  get,
  issuesOf,
  keyPath,
  type PendingItem,
  put,
  type SearchResult,
} from '../api.js';
import { CodeView } from '../components/code-view.js';
import { ErrorBox } from '../components/error-box.js';
import { IssueList } from '../components/issue-list.js';
import { Link } from '../router.js';

const TYPES = ['Schema', 'Business', 'Process', 'Query'];

interface Row {
  key: string;
  connection: string;
  type: string;
  name: string;
  status: 'approved' | 'pending';
  score?: number;
}

export function DataPointsPage(props: { path: string }) {
  const rest = props.path.replace(/^\/datapoints\/?/, '');
  if (rest) return <DataPointView dpKey={decodeURIComponent(rest)} />;
  return <DataPointBrowser />;
}

function DataPointBrowser() {
  const params = new URLSearchParams(location.search);
  const [databases, setDatabases] = useState<Connection[]>([]);
  const [connection, setConnection] = useState(params.get('connection') ?? '');
  const [type, setType] = useState(params.get('type') ?? '');
  const [status, setStatus] = useState(params.get('status') ?? 'approved');
  const [query, setQuery] = useState(params.get('q') ?? '');
  const [submitted, setSubmitted] = useState(params.get('q') ?? '');
  const [rows, setRows] = useState<Row[] | null>(null);
  const [routing, setRouting] = useState<string>('');
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    get<Connection[]>('/databases?limit=1000')
      .then(setDatabases)
      .catch(() => undefined);
  }, []);

  useEffect(() => {
    const search = new URLSearchParams();
    if (connection) search.set('connection', connection);
    if (type) search.set('type', type);
    if (status !== 'approved') search.set('status', status);
    if (submitted) search.set('q', submitted);
    history.replaceState(null, '', `/datapoints${search.size ? `?${search}` : ''}`);
    const controller = new AbortController();
    setError(null);
    setRows(null);
    (async () => {
      const out: Row[] = [];
      if (status !== 'pending') {
        if (submitted) {
          const q = new URLSearchParams({ q: submitted, k: '50' });
          if (connection) q.set('connection_id', connection);
          const result = await get<SearchResult>(`/datapoints/search?${q}`, controller.signal);
          setRouting(`Searched ${result.routing.targets.join(', ')}: ${result.routing.reason}`);
          for (const d of result.datapoints)
            if (!type || d.type === type)
              out.push({
                key: `${d.connection}/${d.id}`,
                connection: d.connection,
                type: d.type,
                name: d.name,
                status: 'approved',
                score: d.score,
              });
        } else {
          setRouting('');
          const q = new URLSearchParams({ limit: '1000' });
          if (connection) q.set('connection_id', connection);
          if (type) q.set('type', type);
          const list = await get<DataPointItem[]>(`/datapoints?${q}`, controller.signal);
          for (const d of list)
            out.push({
              key: `${d.connection}/${d.id}`,
              connection: d.connection,
              type: d.type,
              name: d.name,
              status: 'approved',
            });
        }
      }
      if (status !== 'approved') {
        const pending = await get<PendingItem[]>('/datapoints/pending?limit=1000', controller.signal);
        const words = submitted.toLowerCase().split(/\s+/).filter(Boolean);
        for (const p of pending) {
          if (connection && p.connection !== connection) continue;
          if (type && p.type !== type) continue;
          if (words.length && !words.some((w) => `${p.name} ${p.id}`.toLowerCase().includes(w))) continue;
          out.push({ key: p.id, connection: p.connection, type: p.type, name: p.name, status: 'pending' });
        }
      }
      setRows(out);
    })().catch((e) => {
      if (!controller.signal.aborted) setError(e);
    });
    return () => controller.abort();
  }, [connection, type, status, submitted]);

  return (
    <section aria-labelledby="dp-title">
      <h1 id="dp-title">DataPoints</h1>
      <form
        class="filters"
        aria-label="Search and filter DataPoints"
        onSubmit={(e) => {
          e.preventDefault();
          setSubmitted(query.trim());
        }}
      >
        <input
          type="search"
          aria-label="Search DataPoints"
          placeholder="Search (hybrid: keywords + meaning)"
          value={query}
          onInput={(e) => setQuery(e.currentTarget.value)}
        />
        <select aria-label="Connection" value={connection} onChange={(e) => setConnection(e.currentTarget.value)}>
          <option value="">All connections</option>
          {databases.map((d) => (
            <option key={d.connection_id} value={d.connection_id}>
              {d.name}
            </option>
          ))}
        </select>
        <select aria-label="Type" value={type} onChange={(e) => setType(e.currentTarget.value)}>
          <option value="">All types</option>
          {TYPES.map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </select>
        <select aria-label="Status" value={status} onChange={(e) => setStatus(e.currentTarget.value)}>
          <option value="approved">Approved</option>
          <option value="pending">Pending review</option>
          <option value="all">All</option>
        </select>
        <button type="submit">Search</button>
      </form>
      {routing && <p class="muted">{routing}</p>}
      {error !== null && <ErrorBox error={error} />}
      {rows === null && error === null && <p class="muted">Loading…</p>}
      {rows && (
        <div class="table-wrap">
          <table>
            <caption class="visually-hidden">DataPoints</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Type</th>
                <th scope="col">Connection</th>
                <th scope="col">Status</th>
                {submitted && (
                  <th scope="col" class="num">
                    Score
                  </th>
                )}
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={`${r.status}:${r.key}`}>
                  <td>
                    {r.status === 'approved' ? (
                      <Link href={`/datapoints/${keyPath(r.key)}`}>{r.name}</Link>
                    ) : (
                      <Link href="/review">{r.name}</Link>
                    )}
                    <br />
                    <small class="muted">{r.key}</small>
                  </td>
                  <td>{r.type}</td>
                  <td>{r.connection}</td>
                  <td>{r.status === 'approved' ? 'approved' : 'pending review'}</td>
                  {submitted && <td class="num">{r.score === undefined ? '' : r.score.toFixed(3)}</td>}
                </tr>
              ))}
            </tbody>
          </table>
          <p class="muted">{rows.length} DataPoints</p>
        </div>
      )}
    </section>
  );
}

function DataPointView(props: { dpKey: string }) {
  const [item, setItem] = useState<DataPointItem | null>(null);
  const [text, setText] = useState<string | null>(null);
  const [issues, setIssues] = useState<FileIssue[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [status, setStatus] = useState('');
  const load = () =>
    get<DataPointItem>(`/datapoints/${keyPath(props.dpKey)}`)
      .then((d) => {
        setItem(d);
        setText(d.yaml ?? '');
      })
      .catch(setError);
  useEffect(() => {
    void load();
  }, [props.dpKey]);

  const save = async () => {
    if (text === null) return;
    setError(null);
    try {
      await put(`/datapoints/${keyPath(props.dpKey)}/yaml`, { yaml: text });
      setIssues([]);
      setStatus('Saved and synced.');
      await load();
    } catch (e) {
      setIssues(issuesOf(e));
      setError(e);
      setStatus('Not saved: the YAML is invalid.');
    }
  };

  if (!item) return error ? <ErrorBox error={error} /> : <p class="muted">Loading…</p>;
  const dp = item.datapoint as { description?: string; owner?: string };
  return (
    <section aria-labelledby="dp-one">
      <p>
        <Link href="/datapoints">← All DataPoints</Link>
      </p>
      <h1 id="dp-one">{item.name}</h1>
      <p class="meta">
        <span>
          {item.connection}/{item.id}
        </span>
        <span>{item.type}</span>
        <span>{item.file}</span>
      </p>
      {dp.description && <p>{dp.description}</p>}
      <h2>YAML</h2>
      <p class="muted">
        Edit and save: the file is validated as the CLI validates it, and nothing is saved while it is invalid.
      </p>
      <CodeView value={item.yaml ?? ''} language="yaml" onChange={setText} issues={issues} label="DataPoint YAML" />
      {issues.length > 0 ? <IssueList issues={issues} /> : error !== null && <ErrorBox error={error} />}
      <div class="actions">
        <button type="button" onClick={save} disabled={text === item.yaml}>
          Save
        </button>
        <span role="status">{status}</span>
      </div>
    </section>
  );
}
