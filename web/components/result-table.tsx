import { useMemo, useState } from 'preact/hooks';

const PAGE = 25;

function compare(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === null || a === undefined) return 1;
  if (b === null || b === undefined) return -1;
  const na = Number(a);
  const nb = Number(b);
  if (typeof a !== 'boolean' && !Number.isNaN(na) && !Number.isNaN(nb) && String(a).trim() !== '') return na - nb;
  return String(a).localeCompare(String(b));
}

export function formatCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') return JSON.stringify(value);
  if (typeof value === 'number')
    return Number.isInteger(value)
      ? value.toLocaleString('en')
      : value.toLocaleString('en', { maximumFractionDigits: 4 });
  return String(value);
}

/** A result table: click a header to sort (again to reverse), 25 rows a page. Values are text (escaped). */
export function ResultTable(props: { columns: string[]; rows: Record<string, unknown>[]; caption?: string }) {
  const [sort, setSort] = useState<{ column: string; desc: boolean } | null>(null);
  const [page, setPage] = useState(0);
  const sorted = useMemo(() => {
    if (!sort) return props.rows;
    const rows = [...props.rows].sort((x, y) => compare(x[sort.column], y[sort.column]));
    return sort.desc ? rows.reverse() : rows;
  }, [props.rows, sort]);
  const pages = Math.max(1, Math.ceil(sorted.length / PAGE));
  const shown = sorted.slice(page * PAGE, page * PAGE + PAGE);
  const numeric = (c: string) => props.rows.some((r) => typeof r[c] === 'number');
  return (
    <div class="table-wrap">
      <table>
        {props.caption && <caption>{props.caption}</caption>}
        <thead>
          <tr>
            {props.columns.map((c) => (
              <th
                key={c}
                scope="col"
                class={numeric(c) ? 'num' : undefined}
                aria-sort={sort?.column === c ? (sort.desc ? 'descending' : 'ascending') : 'none'}
              >
                <button
                  type="button"
                  class="sort"
                  onClick={() => {
                    setSort(sort?.column === c ? { column: c, desc: !sort.desc } : { column: c, desc: false });
                    setPage(0);
                  }}
                >
                  {c}
                  <span aria-hidden="true">{sort?.column === c ? (sort.desc ? ' ▼' : ' ▲') : ''}</span>
                </button>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {shown.map((row, i) => (
            <tr key={page * PAGE + i}>
              {props.columns.map((c) => (
                <td key={c} class={typeof row[c] === 'number' ? 'num' : undefined}>
                  {formatCell(row[c])}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <div class="pager">
        <span>
          {sorted.length} row{sorted.length === 1 ? '' : 's'}
        </span>
        {pages > 1 && (
          <>
            <button type="button" class="small" disabled={page === 0} onClick={() => setPage(page - 1)}>
              Previous
            </button>
            <span>
              Page {page + 1} of {pages}
            </span>
            <button type="button" class="small" disabled={page >= pages - 1} onClick={() => setPage(page + 1)}>
              Next
            </button>
          </>
        )}
      </div>
    </div>
  );
}
