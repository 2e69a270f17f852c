import { useEffect, useState } from 'preact/hooks';
import { get, type InitStatus, type Job, type JobAccepted, post, waitForJob } from '../api.js';
import { DatabaseForm } from '../components/database-form.js';
import { ErrorBox } from '../components/error-box.js';
import { JobProgress } from '../components/job-progress.js';
import { Link } from '../router.js';

const STEPS: { id: string; label: string }[] = [
  { id: 'add_database_connection', label: 'Add a database' },
  { id: 'profile_schema', label: 'Profile its schema' },
  { id: 'generate_datapoints', label: 'Generate DataPoints' },
  { id: 'review_datapoints', label: 'Review them' },
  { id: 'sync_knowledge', label: 'Index them' },
];

/** The setup wizard: resumable, since each step is read back from GET /system/status. */
export function SetupPage() {
  const [status, setStatus] = useState<InitStatus | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [job, setJob] = useState<Job | null>(null);
  const [jobLabel, setJobLabel] = useState('');
  const [offline, setOffline] = useState(true);
  const [autoApprove, setAutoApprove] = useState(false);
  const [busy, setBusy] = useState(false);

  const load = () => get<InitStatus>('/system/status').then(setStatus).catch(setError);
  useEffect(() => {
    void load();
  }, []);

  const runJob = async (label: string, start: () => Promise<JobAccepted>) => {
    setBusy(true);
    setError(null);
    setJobLabel(label);
    try {
      const accepted = await start();
      const done = await waitForJob(accepted.status_url, setJob);
      if (done.status !== 'completed') setError(new Error(done.error?.message ?? `${label}: ${done.status}`));
    } catch (e) {
      setError(e);
    }
    setBusy(false);
    await load();
  };

  const options = (
    <fieldset class="options">
      <legend>Generation</legend>
      <label class="inline">
        <input type="checkbox" checked={offline} onChange={(e) => setOffline(e.currentTarget.checked)} /> Offline
        (heuristics only, no LLM)
      </label>
      <label class="inline">
        <input type="checkbox" checked={autoApprove} onChange={(e) => setAutoApprove(e.currentTarget.checked)} />{' '}
        Approve generated DataPoints without review
      </label>
    </fieldset>
  );

  if (!status) return error ? <ErrorBox error={error} /> : <p class="muted">Loading…</p>;
  const missing = new Set(status.missing_steps);
  return (
    <section aria-labelledby="setup-title">
      <h1 id="setup-title">Setup</h1>
      {status.is_initialized ? (
        <p class="ok">The project is ready: {status.datapoint_count} DataPoints indexed.</p>
      ) : (
        <p>DataChat requires setup before it can answer questions. Each step below resumes where you left off.</p>
      )}
      <ol class="steps">
        {STEPS.map((s) => (
          <li key={s.id} class={missing.has(s.id) ? 'todo' : 'done'}>
            <span aria-hidden="true">{missing.has(s.id) ? '○' : '✓'}</span> {s.label}
            <span class="visually-hidden">{missing.has(s.id) ? ' (to do)' : ' (done)'}</span>
          </li>
        ))}
      </ol>
      <JobProgress job={job} label={jobLabel} />
      {error !== null && <ErrorBox error={error} />}

      {!status.has_databases && (
        <>
          <div class="card">
            <h2>Try it with the sample database</h2>
            <p>An e-commerce SQLite database (customers, orders, products…) is created in the project folder.</p>
            {options}
            <button
              type="button"
              disabled={busy}
              onClick={() =>
                runJob('Setting up the sample database', () =>
                  post<JobAccepted>('/system/initialize', {
                    sample: true,
                    offline,
                    auto_approve_datapoints: autoApprove,
                  }),
                )
              }
            >
              Use the sample database
            </button>
          </div>
          <DatabaseForm onAdded={() => void load()} />
        </>
      )}

      {status.has_databases && status.connections_not_ready.length > 0 && status.pending_review === 0 && (
        <div class="card">
          <h2>Profile and generate</h2>
          <p>
            Not ready yet: {status.connections_not_ready.join(', ')}. Profiling reads each table's statistics;
            generation turns them into DataPoints (tables, metrics, processes).
          </p>
          {options}
          {status.connections_not_ready.map((id) => (
            <button
              key={id}
              type="button"
              disabled={busy}
              onClick={() =>
                runJob(`Profiling ${id}`, () =>
                  post<JobAccepted>(`/databases/${encodeURIComponent(id)}/profile`, {
                    generate_datapoints: true,
                    offline,
                    auto_approve: autoApprove,
                  }),
                )
              }
            >
              Profile and generate {id}
            </button>
          ))}
        </div>
      )}

      {status.pending_review > 0 && (
        <div class="card">
          <h2>Review</h2>
          <p>
            {status.pending_review} generated DataPoints wait for review. <Link href="/review">Review them</Link>{' '}
            (approve all in one go if they look right).
          </p>
        </div>
      )}

      {status.is_initialized && (
        <div class="card">
          <h2>Ask your first question</h2>
          <p>
            <Link href="/chat" class="button">
              Ask your first question
            </Link>
          </p>
        </div>
      )}
    </section>
  );
}
