import { useEffect, useState } from 'preact/hooks';
import { get } from '../api.js';
import { ErrorBox } from '../components/error-box.js';
import { formatCell } from '../components/result-table.js';
import { Link } from '../router.js';

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

/** The last profile of one database: relationships (kind, confidence), then each table's columns. */
export function ProfileView(props: { id: string }) {
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
