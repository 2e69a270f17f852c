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
import { Link } from '../router.js';
import { ProfileView } from './database-profile.js';

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
