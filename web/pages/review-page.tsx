import { useCallback, useEffect, useState } from 'preact/hooks';
import { type FileIssue, get, issuesOf, keyPath, type PendingItem, post, put } from '../api.js';
import { CodeView } from '../components/code-view.js';
import { DiffView } from '../components/diff-view.js';
import { ErrorBox } from '../components/error-box.js';
import { IssueList } from '../components/issue-list.js';

/** Pending DataPoints: the diff against the approved version; approve, reject, edit; j/k/a/r/e. */
export function ReviewPage() {
  const [items, setItems] = useState<PendingItem[] | null>(null);
  const [index, setIndex] = useState(0);
  const [editing, setEditing] = useState<string | null>(null);
  const [issues, setIssues] = useState<FileIssue[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [status, setStatus] = useState('');
  const [busy, setBusy] = useState(false);

  const load = useCallback(async () => {
    try {
      const list = await get<PendingItem[]>('/datapoints/pending?limit=1000');
      setItems(list);
      setIndex((i) => Math.min(i, Math.max(0, list.length - 1)));
    } catch (e) {
      setError(e);
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load]);

  const current = items?.[index];

  const act = async (action: 'approve' | 'reject', targets: PendingItem[]) => {
    if (busy || targets.length === 0) return;
    setBusy(true);
    setError(null);
    try {
      if (targets.length === 1) await post(`/datapoints/pending/${keyPath(targets[0]!.id)}/${action}`);
      // Several at once: one request and one knowledge sync.
      else await post(`/datapoints/pending/${action}`, { ids: targets.map((t) => t.id) });
      const verb = action === 'approve' ? 'Approved' : 'Rejected';
      setStatus(targets.length === 1 ? `${verb} ${targets[0]!.id}.` : `${verb} ${targets.length} DataPoints.`);
      setEditing(null);
      setIssues([]);
      await load();
    } catch (e) {
      setError(e);
    }
    setBusy(false);
  };

  const save = async () => {
    if (!current || editing === null) return;
    setBusy(true);
    setError(null);
    try {
      const result = await put<{ status: string; key: string }>(`/datapoints/pending/${keyPath(current.id)}`, {
        yaml: editing,
      });
      setStatus(result.status === 'updated' ? `Saved ${result.key} (still pending review).` : 'No change.');
      setEditing(null);
      setIssues([]);
      await load();
    } catch (e) {
      const found = issuesOf(e);
      setIssues(found);
      setError(e);
      setStatus('Not saved: the YAML is invalid.');
    }
    setBusy(false);
  };

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const t = event.target as HTMLElement;
      if (event.ctrlKey || event.metaKey || event.altKey || editing !== null) return;
      if (t.closest('input, textarea, select, [contenteditable="true"], dialog')) return;
      if (!items?.length) return;
      if (event.key === 'j') setIndex((i) => Math.min(i + 1, items.length - 1));
      else if (event.key === 'k') setIndex((i) => Math.max(i - 1, 0));
      else if (event.key === 'a' && current) void act('approve', [current]);
      else if (event.key === 'r' && current) void act('reject', [current]);
      else if (event.key === 'e' && current) setEditing(current.yaml);
      else return;
      event.preventDefault();
    };
    addEventListener('keydown', onKey);
    return () => removeEventListener('keydown', onKey);
  });

  useEffect(() => {
    document.getElementById(`pending-${index}`)?.scrollIntoView({ block: 'nearest' });
  }, [index]);

  if (items === null) return error ? <ErrorBox error={error} /> : <p class="muted">Loading…</p>;
  return (
    <section aria-labelledby="review-title">
      <div class="page-head">
        <h1 id="review-title">Review</h1>
        <span class="badge">{items.length} pending</span>
        {items.length > 0 && (
          <span class="actions">
            <button type="button" class="secondary" disabled={busy} onClick={() => act('approve', items)}>
              Approve all
            </button>
            <button
              type="button"
              class="secondary danger"
              disabled={busy}
              onClick={() => confirm(`Reject all ${items.length}?`) && act('reject', items)}
            >
              Reject all
            </button>
          </span>
        )}
      </div>
      <p class="muted keys">
        Keys: <kbd>j</kbd>/<kbd>k</kbd> next/previous, <kbd>a</kbd> approve, <kbd>r</kbd> reject, <kbd>e</kbd> edit.
      </p>
      <p role="status" class="status">
        {status}
      </p>
      {error !== null && issues.length === 0 && <ErrorBox error={error} />}
      {items.length === 0 ? (
        <p>Nothing waits for review.</p>
      ) : (
        <div class="split">
          <ul class="item-list" aria-label="Pending DataPoints">
            {items.map((item, i) => (
              <li key={item.id} id={`pending-${i}`}>
                <button
                  type="button"
                  aria-current={i === index ? 'true' : undefined}
                  onClick={() => {
                    setIndex(i);
                    setEditing(null);
                    setIssues([]);
                  }}
                >
                  <span class={`type t-${item.type}`}>{item.type}</span> {item.name}
                  <small>{item.id}</small>
                </button>
              </li>
            ))}
          </ul>
          {current && (
            <article class="detail" aria-labelledby="pending-title">
              <h2 id="pending-title">{current.name}</h2>
              <p class="meta">
                <span>{current.id}</span>
                <span>{current.type}</span>
                <span>{current.source === 'manual' ? 'manual' : 'generated'}</span>
                {current.confidence !== null && <span>confidence {Math.round(current.confidence * 100)} %</span>}
                <span>{current.replaces_approved ? 'changes an approved DataPoint' : 'new'}</span>
              </p>
              <div class="actions">
                <button type="button" disabled={busy} onClick={() => act('approve', [current])}>
                  Approve
                </button>
                <button type="button" class="secondary danger" disabled={busy} onClick={() => act('reject', [current])}>
                  Reject
                </button>
                {editing === null ? (
                  <button type="button" class="secondary" onClick={() => setEditing(current.yaml)}>
                    Edit
                  </button>
                ) : (
                  <>
                    <button type="button" disabled={busy} onClick={save}>
                      Save
                    </button>
                    <button
                      type="button"
                      class="secondary"
                      onClick={() => {
                        setEditing(null);
                        setIssues([]);
                        setError(null);
                      }}
                    >
                      Cancel
                    </button>
                  </>
                )}
              </div>
              {editing !== null ? (
                <>
                  <CodeView
                    value={current.yaml}
                    language="yaml"
                    onChange={setEditing}
                    issues={issues}
                    label="DataPoint YAML"
                  />
                  {issues.length > 0 && <IssueList issues={issues} />}
                </>
              ) : (
                <DiffView diff={current.diff} label={`Changes proposed for ${current.id}`} />
              )}
            </article>
          )}
        </div>
      )}
    </section>
  );
}
