import { useEffect, useState } from 'preact/hooks';
import { ApiError, type Connection, type ConnectionTest, del, type Engine, get, post } from '../api.js';
import { ErrorBox } from './error-box.js';

/**
 * A connection URL from an engine's form fields, for engines whose schema has `host` (a server) or
 * `path` (a file); the field names are the engines' own (the URL parsers read the same names).
 */
export function composeUrl(engine: Engine, values: Record<string, string>): string | undefined {
  const keys = engine.fields.map((f) => f.key);
  const scheme = engine.url_schemes[0]!;
  if (keys.includes('path')) return values.path ? `${scheme}:${values.path}` : undefined;
  if (!keys.includes('host')) return undefined;
  const enc = encodeURIComponent;
  const user = values.user ?? values.username;
  const auth = user ? `${enc(user)}${values.password ? `:${enc(values.password)}` : ''}@` : '';
  const hostKey = ['host', 'port', 'user', 'username', 'password', 'database'];
  const query = new URLSearchParams();
  for (const f of engine.fields) if (!hostKey.includes(f.key) && values[f.key]) query.set(f.key, values[f.key]!);
  const host = values.host || 'localhost';
  const hostPart = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  return `${scheme}://${auth}${hostPart}${values.port ? `:${values.port}` : ''}/${values.database ? enc(values.database) : ''}${query.size ? `?${query}` : ''}`;
}

/** Add a database: the engine's fields (secrets masked) or a pasted URL; then it is tested, with the hint on failure. */
export function DatabaseForm(props: { onAdded: (connection: Connection, test: ConnectionTest | null) => void }) {
  const [engines, setEngines] = useState<Engine[]>([]);
  const [engineId, setEngineId] = useState('postgresql');
  const [mode, setMode] = useState<'fields' | 'url'>('fields');
  const [values, setValues] = useState<Record<string, string>>({});
  const [url, setUrl] = useState('');
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [testFailure, setTestFailure] = useState<{ connection: Connection; error: unknown } | null>(null);

  useEffect(() => {
    get<Engine[]>('/engines').then(setEngines).catch(setError);
  }, []);
  const engine = engines.find((e) => e.id === engineId);
  const composable = engine ? engine.fields.some((f) => f.key === 'host' || f.key === 'path') : false;
  const useFields = mode === 'fields' && composable;

  const submit = async (event: Event) => {
    event.preventDefault();
    if (!engine) return;
    setError(null);
    setTestFailure(null);
    const databaseUrl = useFields ? composeUrl(engine, values) : url.trim();
    if (!databaseUrl) {
      setError(new Error('Fill in the connection fields (or paste a URL).'));
      return;
    }
    setBusy(true);
    try {
      const connection = await post<Connection>('/databases', {
        name: name.trim() || values.database || values.path?.replace(/^.*\//, '').replace(/\.[^.]*$/, '') || engine.id,
        database_url: databaseUrl,
        database_type: engine.id,
      });
      try {
        const test = await post<ConnectionTest>(`/databases/${encodeURIComponent(connection.connection_id)}/test`);
        if (!test.ok)
          setTestFailure({
            connection,
            error: new ApiError(502, 'connection_failed', test.message ?? 'The test failed.'),
          });
        else props.onAdded(connection, test);
      } catch (e) {
        setTestFailure({ connection, error: e });
      }
    } catch (e) {
      setError(e);
    }
    setBusy(false);
  };

  return (
    <form class="card form" onSubmit={submit} aria-labelledby="add-db-title">
      <h2 id="add-db-title">Add a database</h2>
      <label>
        Engine
        <select value={engineId} onChange={(e) => setEngineId(e.currentTarget.value)}>
          {engines.map((e) => (
            <option key={e.id} value={e.id}>
              {e.label}
            </option>
          ))}
        </select>
      </label>
      <label>
        Name
        <input value={name} placeholder="e.g. Production analytics" onInput={(e) => setName(e.currentTarget.value)} />
      </label>
      {composable && (
        <fieldset class="mode">
          <legend>Connect with</legend>
          <label class="inline">
            <input type="radio" name="mode" checked={mode === 'fields'} onChange={() => setMode('fields')} /> Fields
          </label>
          <label class="inline">
            <input type="radio" name="mode" checked={mode === 'url'} onChange={() => setMode('url')} /> A URL
          </label>
        </fieldset>
      )}
      {useFields && engine ? (
        engine.fields.map((f) => {
          const id = `field-${engine.id}-${f.key}`;
          const described = f.description ? { 'aria-describedby': `${id}-help` } : {};
          return (
            <div class="field" key={id}>
              <label for={id}>{f.label}</label>
              {f.kind === 'choice' ? (
                <select
                  id={id}
                  {...described}
                  value={values[f.key] ?? ''}
                  onChange={(e) => setValues({ ...values, [f.key]: e.currentTarget.value })}
                >
                  <option value="">(default)</option>
                  {f.choices.map((c) => (
                    <option key={c} value={c}>
                      {c}
                    </option>
                  ))}
                </select>
              ) : (
                <input
                  id={id}
                  name={f.key}
                  {...described}
                  {...(f.secret
                    ? { type: 'password' as const }
                    : { type: 'text' as const, inputMode: f.kind === 'number' ? ('numeric' as const) : undefined })}
                  autocomplete={f.secret ? 'new-password' : 'off'}
                  value={values[f.key] ?? ''}
                  onInput={(e) => setValues({ ...values, [f.key]: e.currentTarget.value })}
                />
              )}
              {f.description && (
                <small class="muted" id={`${id}-help`}>
                  {f.description}
                </small>
              )}
            </div>
          );
        })
      ) : (
        <label>
          Connection URL
          <input
            name="database_url"
            type="password"
            autocomplete="off"
            placeholder={`${engine?.url_schemes[0] ?? 'postgresql'}://user:password@host/database`}
            value={url}
            onInput={(e) => setUrl(e.currentTarget.value)}
          />
          <small class="muted">
            Masked: a password in it is stored encrypted in .datachat/secrets.json, never in .datachat.yml.
            {engine && !composable && ` ${engine.label} settings: ${engine.fields.map((f) => f.label).join(', ')}.`}
          </small>
        </label>
      )}
      <button type="submit" disabled={busy || !engine}>
        {busy ? 'Adding and testing…' : 'Add and test'}
      </button>
      {error !== null && <ErrorBox error={error} />}
      {testFailure && (
        <div>
          <p>
            Added <strong>{testFailure.connection.connection_id}</strong>, but the connection test failed:
          </p>
          <ErrorBox error={testFailure.error} />
          <button
            type="button"
            class="secondary danger"
            onClick={async () => {
              try {
                await del(`/databases/${encodeURIComponent(testFailure.connection.connection_id)}`);
                setTestFailure(null);
              } catch (e) {
                setError(e);
              }
            }}
          >
            Remove it and try again
          </button>
        </div>
      )}
    </form>
  );
}
