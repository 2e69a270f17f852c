import type { QueryDataPoint } from '../datapoints/datapoint-model.js';
import { findRun, phraseStems, questionWords } from './question-words.js';

export interface TemplateMatch {
  template: QueryDataPoint;
  /** Values in parameter order. */
  values: unknown[];
}

/**
 * Query DataPoint templates (docs/architecture.md, step 3 of answering): a template applies when its name (or a tag) occurs
 * in the question and every required parameter can be read from the question by type: integers and
 * numbers, ISO dates, quoted strings. Parameters are bound as real query parameters, never spliced.
 */
export function matchTemplate(question: string, templates: readonly QueryDataPoint[]): TemplateMatch | undefined {
  const words = questionWords(question);
  const numbers = [...question.matchAll(/(?<![\w-])(-?\d+(?:\.\d+)?)(?![\w-])/g)].map((m) => m[1]!);
  const dates = [...question.matchAll(/\b(\d{4}-\d{2}-\d{2})\b/g)].map((m) => m[1]!);
  const strings = [...question.matchAll(/["“']([^"”']+)["”']/g)].map((m) => m[1]!);
  const candidates = templates
    .map((t) => ({
      t,
      length: Math.max(
        ...[t.name, ...t.tags].map((p) => (findRun(words, phraseStems(p)) >= 0 ? phraseStems(p).length : 0)),
      ),
    }))
    .filter((c) => c.length > 0)
    .sort((a, b) => b.length - a.length);
  if (!candidates.length || (candidates[1] && candidates[1].length === candidates[0]!.length)) return undefined;
  const template = candidates[0]!.t;
  const pools = {
    number: [...numbers.filter((n) => !dates.some((d) => d.includes(n)))],
    date: [...dates],
    string: [...strings],
  };
  const values: unknown[] = [];
  for (const p of template.parameters) {
    let value: unknown;
    if (p.type === 'integer') value = pools.number.find((n) => /^-?\d+$/.test(n));
    else if (p.type === 'number') value = pools.number[0];
    else if (p.type === 'date') value = pools.date[0];
    else if (p.type === 'string') value = pools.string[0];
    else if (p.type === 'boolean')
      value = /\b(yes|true|active)\b/i.test(question)
        ? true
        : /\b(no|false|inactive)\b/i.test(question)
          ? false
          : undefined;
    if (value === undefined) value = p.default;
    if (value === undefined) {
      if (p.required) return undefined;
      values.push(null);
      continue;
    }
    const pool =
      p.type === 'integer' || p.type === 'number'
        ? pools.number
        : p.type === 'date'
          ? pools.date
          : p.type === 'string'
            ? pools.string
            : undefined;
    if (pool) pool.splice(pool.indexOf(String(value)), 1);
    values.push(
      p.type === 'integer' ? Number.parseInt(String(value), 10) : p.type === 'number' ? Number(value) : value,
    );
  }
  return { template, values };
}
