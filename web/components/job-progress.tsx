import type { Job } from '../api.js';

/** A running job's latest progress message (a live region, so screen readers hear it). */
export function JobProgress(props: { job: Job | null; label: string }) {
  const job = props.job;
  if (!job) return null;
  return (
    <div class="job" role="status" aria-live="polite">
      <strong>{props.label}:</strong> {job.status === 'running' ? <progress aria-label={props.label} /> : null}{' '}
      {job.status === 'failed' || job.status === 'interrupted'
        ? `${job.status}: ${job.error?.message ?? ''}`
        : job.progress.message}
      {job.status === 'failed' && job.error?.hint && <p class="hint">Hint: {job.error.hint}</p>}
    </div>
  );
}
