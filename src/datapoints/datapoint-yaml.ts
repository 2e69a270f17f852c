import { readFileSync } from 'node:fs';
import { dirname, relative, sep } from 'node:path';
import { stringify } from 'yaml';
import { DataPointValidationError, type FileIssue } from '../errors.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import { parseYamlSource, zodIssuesToFileIssues } from '../util/yaml-source.js';
import { dataPointSchema, type DataPoint } from './datapoint-model.js';

export const SCHEMA_COMMENT_PREFIX = '# yaml-language-server: $schema=';

/** Parses and validates one DataPoint file; every problem is reported with file and line. */
export function parseDataPoint(file: string, text: string): DataPoint {
  const source = parseYamlSource(file, text);
  if (source.syntaxIssues.length) throw new DataPointValidationError(source.syntaxIssues);
  if (
    source.value === undefined ||
    source.value === null ||
    typeof source.value !== 'object' ||
    Array.isArray(source.value)
  ) {
    throw new DataPointValidationError([
      { file, line: 1, message: 'a DataPoint file must contain one mapping (type, id, name, ...)' },
    ]);
  }
  const parsed = dataPointSchema.safeParse(source.value);
  if (!parsed.success) {
    const issues: FileIssue[] = zodIssuesToFileIssues(source, parsed.error.issues);
    throw new DataPointValidationError(issues);
  }
  return parsed.data;
}

export function readDataPointFile(file: string): DataPoint {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new DataPointValidationError([{ file, message: `cannot read file: ${(error as Error).message}` }], {
      cause: error,
    });
  }
  return parseDataPoint(file, text);
}

/** Key order of the written YAML: identity first, then type-specific fields, then provenance. */
const KEY_ORDER = [
  'type',
  'id',
  'name',
  'connection',
  'status',
  'description',
  'schema',
  'table',
  'kind',
  'purpose',
  'row_count',
  'primary_key',
  'columns',
  'relationships',
  'common_queries',
  'gotchas',
  'freshness',
  'expression',
  'aggregation',
  'filters',
  'time_column',
  'dimensions',
  'unit',
  'synonyms',
  'business_rules',
  'schedule',
  'data_freshness',
  'target_tables',
  'dependencies',
  'sla',
  'sql',
  'parameters',
  'dialect_variants',
  'owner',
  'tags',
  'source',
  'confidence',
  'generated_by',
  'generated',
];
/** Key order inside nested objects (columns, their stats, relationships, query parameters). */
const NESTED_ORDER = [
  'name',
  'type',
  'canonical_type',
  'nullable',
  'meaning',
  'pii',
  'stats',
  'null_fraction',
  'distinct_count',
  'min',
  'max',
  'avg',
  'sample_values',
  'patterns',
  'columns',
  'target_table',
  'target_columns',
  'cardinality',
  'kind',
  'confidence',
  'description',
  'default',
  'required',
];
const TOP_INDEX = new Map(KEY_ORDER.map((k, i) => [k, i]));
const NESTED_INDEX = new Map(NESTED_ORDER.map((k, i) => [k, i]));

/**
 * Drops undefined values, empty strings and empty lists (all of them zod defaults) and orders keys
 * stably at every level, so equal DataPoints always serialize to equal bytes.
 */
function normalize(value: unknown, top: boolean): unknown {
  if (Array.isArray(value)) return value.map((v) => normalize(v, false));
  if (value && typeof value === 'object') {
    // Fingerprint paths sort alphabetically, so one column's entries stay together.
    const order = top ? TOP_INDEX : NESTED_INDEX;
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined && v !== '' && !(Array.isArray(v) && v.length === 0))
      .filter(([k, v]) => !(top && k === 'generated' && Object.keys(v as object).length === 0))
      .map(
        ([k, v]) =>
          [k, top && k === 'generated' ? sortKeys(v as Record<string, unknown>) : normalize(v, false)] as const,
      )
      .sort(([a], [b]) => (order.get(a) ?? 999) - (order.get(b) ?? 999) || a.localeCompare(b));
    return Object.fromEntries(entries);
  }
  return value;
}

function sortKeys(value: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/**
 * Deterministic YAML for a DataPoint: the same DataPoint always gives the same bytes, so a CI job
 * that regenerates DataPoints leaves `git diff` empty when nothing changed.
 */
export function serializeDataPoint(dataPoint: DataPoint, schemaRef?: string): string {
  const body = stringify(normalize(dataPoint, true), {
    lineWidth: 0,
    sortMapEntries: false,
    aliasDuplicateObjects: false,
  });
  return `${schemaRef ? `${SCHEMA_COMMENT_PREFIX}${schemaRef}\n` : ''}${body}`;
}

/** Writes atomically, with the editor schema reference relative to the file. */
export function writeDataPointFile(file: string, dataPoint: DataPoint, schemaFile?: string): void {
  const ref = schemaFile ? relative(dirname(file), schemaFile).split(sep).join('/') : undefined;
  writeFileAtomic(file, serializeDataPoint(dataPoint, ref));
}
