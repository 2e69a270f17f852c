import { QueryError } from '../../errors.js';
import type { ResultColumn } from '../connector.js';
import { unwrapClickhouseType } from './type-mapping.js';

/**
 * Decodes `TabSeparatedWithNamesAndTypes` lines. That format (not JSONEachRow) carries column names
 * in order and their types even for an empty result, and ClickHouse 18.x has no
 * `JSONCompactEachRowWithNamesAndTypes`. Values map like ClickHouse's own JSON output: 8–32-bit
 * integers and floats become numbers, 64-bit-and-wider integers and decimals stay exact strings,
 * `\N` is null, and composite values (arrays, tuples, maps) are their ClickHouse text literal.
 */
export class TsvResultDecoder {
  private names: string[] | undefined;
  private decoders: ((field: string) => unknown)[] | undefined;
  columns: ResultColumn[] = [];

  /** Feeds one line; returns the decoded row (values in column order), or undefined for the two header lines. */
  push(line: string): unknown[] | undefined {
    // ClickHouse 18.x appends an exception to a response whose 200 status line was already sent.
    if (/^Code: \d+[.,] /.test(line) && line.includes('Exception')) {
      throw new QueryError(`ClickHouse failed while sending the result: ${cleanServerMessage(line)}`);
    }
    const fields = line.split('\t');
    if (!this.names) {
      this.names = fields.map(unescapeTsv);
      return undefined;
    }
    if (!this.decoders) {
      const types = fields.map(unescapeTsv);
      this.columns = this.names.map((name, i) => ({ name, type: types[i] }));
      this.decoders = types.map(decoderFor);
      return undefined;
    }
    if (fields.length !== this.names.length) {
      throw new QueryError(`ClickHouse returned a row with ${fields.length} fields for ${this.names.length} columns.`);
    }
    return fields.map((field, i) => this.decoders![i]!(field));
  }
}

const NULL_FIELD = '\\N';
const TSV_ESCAPES: Record<string, string> = {
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  '0': '\0',
  a: '\x07',
  v: '\v',
};

/** Undoes ClickHouse's TabSeparated escaping (`\t`, `\n`, `\\`, `\'`, ...). */
export function unescapeTsv(field: string): string {
  if (!field.includes('\\')) return field;
  return field.replace(/\\(.)/gs, (_, ch: string) => TSV_ESCAPES[ch] ?? ch);
}

function decoderFor(type: string): (field: string) => unknown {
  const base = unwrapClickhouseType(type).toLowerCase();
  let decode: (field: string) => unknown = unescapeTsv;
  if (/^u?int(8|16|32)$/.test(base)) decode = Number;
  else if (/^float(32|64)$/.test(base)) decode = decodeFloat;
  else if (/^bool(ean)?$/.test(base)) decode = (f) => f === 'true' || f === '1';
  return (field) => (field === NULL_FIELD ? null : decode(field));
}

function decodeFloat(field: string): number {
  if (field === 'nan' || field === '-nan') return Number.NaN;
  if (field === 'inf' || field === '+inf') return Number.POSITIVE_INFINITY;
  if (field === '-inf') return Number.NEGATIVE_INFINITY;
  return Number(field);
}

/**
 * Shortens a server error: 18.x wraps it as `Code: 60, e.displayText() = DB::Exception: msg, e.what() = DB::Exception`,
 * newer servers as `Code: 60. DB::Exception: msg. (UNKNOWN_TABLE) (version ...)`.
 */
export function cleanServerMessage(message: string): string {
  return message
    .trim()
    .replace(/^Code: \d+[.,]\s*/, '')
    .replace(/^e\.displayText\(\) = /, '')
    .replace(/^DB::Exception: /, '')
    .replace(/,\s*e\.what\(\) = DB::Exception\s*$/, '')
    .replace(/\s*\(version [^)]*\)\s*$/, '')
    .trim();
}

/** The numeric server error code of a message, from either spelling above. */
export function serverErrorCode(message: string): number | undefined {
  const match = /Code: (\d+)[.,]/.exec(message);
  return match ? Number(match[1]) : undefined;
}
