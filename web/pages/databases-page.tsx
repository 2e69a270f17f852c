import { useEffect, useState } from 'preact/hooks';
import {
  type Connection,
  type ConnectionTest,
  del,
  get,
  type Job,
  type JobAccepted,
  post,
  put,
  waitForJob,
} from '../api.js';
import { DatabaseForm } from '../components/database-form.js';
import { ErrorBox } from '../components/error-box.js';
import { JobProgress } from '../components/job-progress.js';
import { formatCell } from '../components/result-table.js';
import { Link } from '../router.js';

export function DatabasesPage(props: { path: string }) {
  const rest = props.path.replace(/^\/databases\/?/, '');
  if (rest) return <ProfileView id={decodeURIComponent(rest)} />;
  return <DatabaseList />;
}

type Health =
  | { state: 'checking' }
  | { state: 'ok'; test: ConnectionTest }
  | { state: 'down'; message: string; hint?: string };

function DatabaseList() {
  const [list, setList] = useState<Connection[] | null>(null);
  const [health, setHealth] = useState<Record<string, Health>>({});
  const [error, setError] = useState<unknown>(null);
  const [adding, setAdding] = useState(false);
  const [job, setJob] = useState<Job | null>(null);
  const [jobLabel, setJobLabel] = useState('');

  const test = async (id: string) => {
    setHealth((h) => ({ ...h, [id]: { state: 'checking' } }));
    try {
      const result = await post<ConnectionTest>(`/databases/${encodeURIComponent(id)}/test`);
      setHealth((h) => ({
        ...h,
        [id]: result.ok ? { state: 'ok', test: result } : { state: 'down', message: result.message ?? 'failed' },
      }));
    } catch (e) {
      const err = e as { message: string; hint?: string };
      setHealth((h) => ({
        ...h,
        [id]: { state: 'down', message: err.message, ...(err.hint ? { hint: err.hint } : {}) },
      }));
    }
  };
  const load = async (testAll = false) => {
    try {
      const l = await get<Connection[]>('/databases?limit=1000');
      setList(l);
      if (testAll) for (const c of l) void test(c.connection_id);
    } catch (e) {
      setError(e);
    }
  };
  useEffect(() => {
    void load(true);
  }, []);

  /** Runs an action, then reloads the list; a failure is shown above it. */
  const run = async (fn: () => Promise<unknown>) => {
    setError(null);
    try {
      await fn();
      await load();
    } catch (e) {
      setError(e);
    }
  };

  const profile = (id: string) =>
    run(async () => {
      setJobLabel(`Profiling ${id}`);
      const accepted = await post<JobAccepted>(`/databases/${encodeURIComponent(id)}/profile`, {
        generate_datapoints: true,
        offline: true,
      });
      const done = await waitForJob(accepted.status_url, setJob);
      if (done.status !== 'completed') throw new Error(done.error?.message ?? `The profile ${done.status}.`);
    });

  return (
    <section aria-labelledby="db-title">
      <div class="page-head">
        <h1 id="db-title">Databases</h1>
        <button type="button" onClick={() => setAdding(!adding)} aria-expanded={adding}>
          {adding ? 'Close' : 'Add a database'}
        </button>
      </div>
      {adding && (
        <DatabaseForm
          onAdded={(c) => {
            setAdding(false);
            void load();
            void test(c.connection_id);
          }}
        />
      )}
      <JobProgress job={job} label={jobLabel} />
      {error !== null && <ErrorBox error={error} />}
      {list === null ? (
        <p class="muted">Loading…</p>
      ) : list.length === 0 ? (
        <p>
          No database yet. Add one, or go through the <Link href="/setup">setup</Link>.
        </p>
      ) : (
        <div class="table-wrap">
          <table>
            <caption class="visually-hidden">Database connections</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Type</th>
                <th scope="col">Default</th>
                <th scope="col">Last profiled</th>
                <th scope="col" class="num">
                  DataPoints
                </th>
                <th scope="col">Health</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {list.map((c) => {
                const h = health[c.connection_id];
                return (
                  <tr key={c.connection_id}>
                    <td>
                      <Link href={`/databases/${encodeURIComponent(c.connection_id)}`}>{c.name}</Link>
                      <br />
                      <small class="muted">{c.database_url ?? c.connection_id}</small>
                    </td>
                    <td>{c.database_type}</td>
                    <td>{c.is_default ? 'default' : ''}</td>
                    <td>{c.last_profiled ? new Date(c.last_profiled).toLocaleString() : 'never'}</td>
                    <td class="num">{c.datapoint_count}</td>
                    <td>
                      {!h ? (
                        ''
                      ) : h.state === 'checking' ? (
                        'checking…'
                      ) : h.state === 'ok' ? (
                        <span class="ok">ok, {Math.round(h.test.latency_ms)} ms</span>
                      ) : (
                        <span class="bad" title={h.hint}>
                          down: {h.message}
                          {h.hint && <small class="hint"> Hint: {h.hint}</small>}
                        </span>
                      )}
                    </td>
                    <td class="row-actions">
                      <button type="button" class="small secondary" onClick={() => test(c.connection_id)}>
                        Test
                      </button>
                      <button type="button" class="small secondary" onClick={() => profile(c.connection_id)}>
                        Profile
                      </button>
                      {!c.is_default && (
                        <button
                          type="button"
                          class="small secondary"
                          onClick={() => run(() => put(`/databases/${encodeURIComponent(c.connection_id)}/default`))}
                        >
                          Set default
                        </button>
                      )}
                      <button
                        type="button"
                        class="small secondary danger"
                        onClick={() =>
                          confirm(`Remove ${c.connection_id}? Its DataPoint files stay.`) &&
                          run(() => del(`/databases/${encodeURIComponent(c.connection_id)}`))
                        }
                      >
                        Remove
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

interface Profile {
  connection_id: string;
  engine: string;
  profiled_at: string;
  table_count: number;
  total_rows: number;
  tables: {
    table_name: string;
    schema: string;
    row_count: number;
    columns: {
      name: string;
      data_type: string;
      null_percentage: number;
      unique_count: number;
      sample_values: unknown[];
      patterns: string[];
    }[];
  }[];
  relationships: {
    from_table: string;
    from_columns: string[];
    to_table: string;
    to_columns: string[];
    cardinality: string;
    kind: string;
    confidence: number;
  }[];
}

function ProfileView(props: { id: string }) {
  const [profile, setProfile] = useState<Profile | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    get<Profile>(`/databases/${encodeURIComponent(props.id)}/profile`)
      .then(setProfile)
      .catch(setError);
  }, [props.id]);
  return (
    <section aria-labelledby="profile-title">
      <p>
        <Link href="/databases">← All databases</Link>
      </p>
      <h1 id="profile-title">Profile of {props.id}</h1>
      {error !== null && <ErrorBox error={error} />}
      {profile && (
        <>
          <p class="meta">
            <span>{profile.engine}</span>
            <span>{profile.table_count} tables</span>
            <span>{formatCell(profile.total_rows)} rows</span>
            <span>profiled {new Date(profile.profiled_at).toLocaleString()}</span>
          </p>
          <h2>Relationships</h2>
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">From</th>
                  <th scope="col">To</th>
                  <th scope="col">Kind</th>
                  <th scope="col">Cardinality</th>
                  <th scope="col" class="num">
                    Confidence
                  </th>
                </tr>
              </thead>
              <tbody>
                {profile.relationships.map((r, i) => (
                  <tr key={i}>
                    <td>
                      {r.from_table}.{r.from_columns.join(', ')}
                    </td>
                    <td>
                      {r.to_table}.{r.to_columns.join(', ')}
                    </td>
                    <td>{r.kind}</td>
                    <td>{r.cardinality}</td>
                    <td class="num">{Math.round(r.confidence * 100)} %</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <h2>Tables</h2>
          {profile.tables.map((t) => (
            <details key={`${t.schema}.${t.table_name}`} class="table-profile">
              <summary>
                {t.table_name}{' '}
                <span class="muted">
                  — {formatCell(t.row_count)} rows, {t.columns.length} columns
                </span>
              </summary>
              <div class="table-wrap">
                <table>
                  <thead>
                    <tr>
                      <th scope="col">Column</th>
                      <th scope="col">Type</th>
                      <th scope="col" class="num">
                        Null %
                      </th>
                      <th scope="col" class="num">
                        Distinct
                      </th>
                      <th scope="col">Samples (PII masked)</th>
                    </tr>
                  </thead>
                  <tbody>
                    {t.columns.map((c) => (
                      <tr key={c.name}>
                        <td>
                          {c.name}
                          {c.patterns.length > 0 && <small class="muted"> {c.patterns.join(', ')}</small>}
                        </td>
                        <td>{c.data_type}</td>
                        <td class="num">{c.null_percentage.toFixed(1)}</td>
                        <td class="num">{formatCell(c.unique_count)}</td>
                        <td class="samples">{c.sample_values.slice(0, 5).map(formatCell).join(', ')}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </details>
          ))}
        </>
      )}
    </section>
  );
}
