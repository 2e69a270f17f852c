import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { toDatachatError } from '../errors.js';
import { plainValue } from '../query/answer-values.js';
import { redactDeep, redactSecrets } from '../util/redact.js';
import { plainJson } from './result-caps.js';

/** What a tool handler returns: the structured result (checked against its output schema) and a short text for people. */
export interface ToolOutput {
  structured: Record<string, unknown>;
  text: string;
}

/**
 * A successful call: `structuredContent` plus the text rendering (clients that predate structured
 * content show only the text). Both go through the one redaction: no secret leaves in a result.
 */
export function toolSuccess(output: ToolOutput, secrets: readonly string[]): CallToolResult {
  return {
    content: [{ type: 'text', text: redactSecrets(output.text, secrets) }],
    structuredContent: redactDeep(plainJson(output.structured), secrets),
  };
}

/**
 * A failed call as a tool error (`isError: true`), so the assistant reads why and what to do: the
 * error code, the message, the rule of a guard refusal, and the hint. No structured content: the
 * output schema describes successes.
 */
export function toolFailure(error: unknown, secrets: readonly string[]): CallToolResult {
  const e = toDatachatError(error);
  const rule = typeof e.details?.reason_code === 'string' ? e.details.reason_code : undefined;
  const lines = [`Error (${e.code}): ${e.message}`];
  if (rule) lines.push(`Rule: ${rule}`);
  if (e.hint) lines.push(`Hint: ${e.hint}`);
  return { content: [{ type: 'text', text: redactSecrets(lines.join('\n'), secrets) }], isError: true };
}

/** Rows shown in a text rendering; the structured result carries all the rows the caps allow. */
const TEXT_ROWS = 20;

/** A Markdown table of the first rows (values as in machine output), noting the ones left out. */
export function rowsText(columns: readonly string[], data: readonly Record<string, unknown>[]): string {
  if (columns.length === 0 || data.length === 0) return '';
  const cell = (value: unknown): string => plainValue(value).replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
  const lines = [`| ${columns.map(cell).join(' | ')} |`, `|${columns.map(() => ' --- |').join('')}`];
  for (const row of data.slice(0, TEXT_ROWS)) lines.push(`| ${columns.map((c) => cell(row[c])).join(' | ')} |`);
  if (data.length > TEXT_ROWS) lines.push(`(${data.length - TEXT_ROWS} more rows in the structured result)`);
  return lines.join('\n');
}
