import { readFileSync } from 'node:fs';
import { relative, sep } from 'node:path';
import { parseYamlSource, zodIssuesToFileIssues, type YamlPath, type YamlSource } from '../util/yaml-source.js';
import { TYPE_FOLDERS, dataPointSchema, type DataPoint, type SchemaDataPoint } from './datapoint-model.js';

/** One problem `datachat check` reports, located at the offending node of a file. */
export interface CheckFinding {
  severity: 'error' | 'warning';
  /** Stable machine code: `column_missing`, `metric_broken`, `unknown_field`, ... */
  code: string;
  message: string;
  /** Project-relative, `/`-separated. */
  file: string;
  /** 1-based line of the node the finding is about (absent when the file could not be located). */
  line?: number;
  /** The command (or edit) that fixes it. */
  suggestion: string;
  connection?: string;
  /** `<connection>/<id>` of the DataPoint, when the file parsed. */
  datapoint?: string;
}

/** A valid DataPoint with where it came from, so findings can point at a line. */
export interface LoadedDataPoint {
  file: string;
  source: YamlSource;
  dataPoint: DataPoint;
}

/** A `table.column` (or bare `column`) reference found in a SQL fragment of a DataPoint. */
export interface ColumnRef {
  table?: string;
  column: string;
}

/**
 * Reads and validates every DataPoint file: YAML syntax, the model (types, required fields, unknown
 * fields), each problem located by line. Valid files come back for the next checks.
 */
export function loadDataPointFiles(
  root: string,
  files: readonly string[],
): { loaded: LoadedDataPoint[]; findings: CheckFinding[] } {
  const loaded: LoadedDataPoint[] = [];
  const findings: CheckFinding[] = [];
  for (const absolute of files) {
    const file = relative(root, absolute).split(sep).join('/');
    const fix = `edit ${file}, then run datachat check`;
    let text: string;
    try {
      text = readFileSync(absolute, 'utf8');
    } catch (error) {
      findings.push({
        severity: 'error',
        code: 'unreadable_file',
        message: `cannot read file: ${(error as Error).message}`,
        file,
        suggestion: fix,
      });
      continue;
    }
    const source = parseYamlSource(file, text);
    if (source.syntaxIssues.length) {
      for (const issue of source.syntaxIssues)
        findings.push({
          severity: 'error',
          code: 'invalid_yaml',
          message: issue.message,
          file,
          ...(issue.line ? { line: issue.line } : {}),
          suggestion: fix,
        });
      continue;
    }
    if (!source.value || typeof source.value !== 'object' || Array.isArray(source.value)) {
      findings.push({
        severity: 'error',
        code: 'invalid_datapoint',
        message: 'a DataPoint file must contain one mapping (type, id, name, ...)',
        file,
        line: 1,
        suggestion: fix,
      });
      continue;
    }
    const parsed = dataPointSchema.safeParse(source.value);
    if (!parsed.success) {
      const located = zodIssuesToFileIssues(source, parsed.error.issues);
      parsed.error.issues.forEach((issue, i) => {
        const at = located[i]!;
        findings.push({
          severity: 'error',
          code: issue.code === 'unrecognized_keys' ? 'unknown_field' : 'invalid_field',
          message: at.path ? `${at.path}: ${at.message}` : at.message,
          file,
          ...(at.line ? { line: at.line } : {}),
          suggestion: fix,
        });
      });
      continue;
    }
    loaded.push({ file, source, dataPoint: parsed.data });
  }
  return { loaded, findings };
}

/** Schema DataPoints of one connection by lower-cased `table` and `schema.table`. */
export function tableCatalog(loaded: readonly LoadedDataPoint[], connection: string): Map<string, SchemaDataPoint> {
  const out = new Map<string, SchemaDataPoint>();
  for (const { dataPoint } of loaded) {
    if (dataPoint.type !== 'Schema' || dataPoint.connection !== connection) continue;
    out.set(dataPoint.table.toLowerCase(), dataPoint);
    if (dataPoint.schema) out.set(`${dataPoint.schema}.${dataPoint.table}`.toLowerCase(), dataPoint);
  }
  return out;
}

const IDENT = String.raw`(?:"((?:[^"]|"")+)"|\x60([^\x60]+)\x60|\[([^\]]+)\]|([A-Za-z_][A-Za-z0-9_$]*))`;
const DOTTED = new RegExp(`${IDENT}\\s*\\.\\s*${IDENT}`, 'g');
const SINGLE = new RegExp(`^\\s*${IDENT}\\s*$`);

/**
 * Column references in a SQL fragment: every `table.column` (quoted or not), and a lone identifier as
 * a column of `defaultTable` (for dimensions and time columns, which may be bare). String literals are
 * skipped. Only references whose table is known are worth checking; callers filter.
 */
export function columnRefs(sql: string, options: { bareColumn?: boolean } = {}): ColumnRef[] {
  const text = sql.replace(/'(?:[^']|'')*'/g, "''");
  const pick = (m: RegExpExecArray, at: number): string =>
    (m[at] ?? m[at + 1] ?? m[at + 2] ?? m[at + 3]!).replace(/""/g, '"');
  if (options.bareColumn) {
    const single = SINGLE.exec(text);
    if (single) return [{ column: pick(single, 1) }];
  }
  return [...text.matchAll(DOTTED)].map((m) => ({ table: pick(m, 1), column: pick(m, 5) }));
}

/** Fragments of a Business DataPoint that name columns, with the YAML path of each. */
export function metricFragments(
  dataPoint: Extract<DataPoint, { type: 'Business' }>,
): { path: YamlPath; sql: string; bare: boolean }[] {
  return [
    { path: ['expression'], sql: dataPoint.expression, bare: false },
    ...dataPoint.filters.map((sql, i) => ({ path: ['filters', i] as YamlPath, sql, bare: false })),
    ...(dataPoint.time_column ? [{ path: ['time_column'] as YamlPath, sql: dataPoint.time_column, bare: true }] : []),
    ...dataPoint.dimensions.map((sql, i) => ({ path: ['dimensions', i] as YamlPath, sql, bare: true })),
  ];
}

const hasColumn = (schema: SchemaDataPoint, column: string): boolean =>
  schema.columns.some((c) => c.name === column || c.name.toLowerCase() === column.toLowerCase());

/**
 * Cross-references between DataPoints, offline: duplicate ids per connection, files outside their
 * `datapoints/<connection>/<type>/<id>.yaml` place, and references to tables or columns that have no
 * Schema DataPoint (a metric's table and columns, a process's tables, a relationship's target).
 */
export function referenceFindings(loaded: readonly LoadedDataPoint[]): CheckFinding[] {
  const findings: CheckFinding[] = [];
  const owners = new Map<string, LoadedDataPoint>();
  const catalogs = new Map<string, Map<string, SchemaDataPoint>>();
  const catalog = (connection: string) =>
    catalogs.get(connection) ?? catalogs.set(connection, tableCatalog(loaded, connection)).get(connection)!;
  for (const item of loaded) {
    const { dataPoint: dp, file, source } = item;
    const key = `${dp.connection}/${dp.id}`;
    const at = (
      path: YamlPath,
      severity: CheckFinding['severity'],
      code: string,
      message: string,
      suggestion: string,
    ): void => {
      const line = source.lineOf(path);
      findings.push({
        severity,
        code,
        message,
        file,
        ...(line ? { line } : {}),
        suggestion,
        connection: dp.connection,
        datapoint: key,
      });
    };
    const generated = dp.source === 'auto_generated';
    const regenerate = `datachat profile ${dp.connection} && datachat generate ${dp.connection}`;
    const edit = `edit ${file}, then run datachat check`;
    const other = owners.get(key);
    if (other)
      at(
        ['id'],
        'error',
        'duplicate_id',
        `duplicate DataPoint id "${dp.id}" in connection "${dp.connection}" (also defined in ${other.file})`,
        `rename the id in one of ${other.file} and ${file}`,
      );
    else owners.set(key, item);
    const expected = `datapoints/${dp.connection}/${TYPE_FOLDERS[dp.type]}/${dp.id}.yaml`;
    if (file.replace(/\.yml$/, '.yaml') !== expected)
      at(
        ['id'],
        'warning',
        'misplaced_file',
        `a ${dp.type} DataPoint "${key}" belongs in ${expected}`,
        `git mv ${file} ${expected}`,
      );

    const tables = catalog(dp.connection);
    const unknownTable = (path: YamlPath, table: string, what: string): void =>
      at(
        path,
        'error',
        'unknown_table',
        `${what} "${table}" has no Schema DataPoint in ${dp.connection}`,
        generated ? regenerate : `datachat profile ${dp.connection} if the table exists, else edit ${file}`,
      );
    if (dp.type === 'Business') {
      const own = tables.get(dp.table.toLowerCase());
      if (!own) {
        unknownTable(['table'], dp.table, 'table');
        continue;
      }
      for (const fragment of metricFragments(dp)) {
        for (const ref of columnRefs(fragment.sql, { bareColumn: fragment.bare })) {
          const schema = ref.table ? tables.get(ref.table.toLowerCase()) : own;
          if (!schema) continue;
          if (!hasColumn(schema, ref.column))
            at(
              fragment.path,
              'error',
              'unknown_column',
              `${schema.table}.${ref.column} is not a column of the Schema DataPoint ${dp.connection}/${schema.id}`,
              generated ? regenerate : edit,
            );
        }
      }
    } else if (dp.type === 'Process') {
      dp.target_tables.forEach((t, i) => {
        if (!tables.has(t.toLowerCase())) unknownTable(['target_tables', i], t, 'target table');
      });
      dp.dependencies.forEach((t, i) => {
        if (!tables.has(t.toLowerCase())) unknownTable(['dependencies', i], t, 'dependency');
      });
    } else if (dp.type === 'Schema') {
      dp.relationships.forEach((r, i) => {
        r.columns.forEach((c, j) => {
          if (hasColumn(dp, c)) return;
          at(
            ['relationships', i, 'columns', j],
            'error',
            'unknown_column',
            `relationship column ${dp.table}.${c} is not a column of this DataPoint`,
            generated ? regenerate : edit,
          );
        });
        const target = tables.get(r.target_table.toLowerCase());
        if (!target) {
          unknownTable(['relationships', i, 'target_table'], r.target_table, 'relationship target table');
          return;
        }
        r.target_columns.forEach((c, j) => {
          if (hasColumn(target, c)) return;
          at(
            ['relationships', i, 'target_columns', j],
            'error',
            'unknown_column',
            `relationship target ${target.table}.${c} is not a column of the Schema DataPoint ${dp.connection}/${target.id}`,
            generated ? regenerate : edit,
          );
        });
      });
    }
  }
  return findings;
}
