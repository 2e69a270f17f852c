import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ENGINE_TYPES } from '../../../src/connectors/engine-type.js';
import { corpusCases, corpusFile, loadCorpus } from '../../fixtures/hostile-sql/hostile-corpus.js';
import { guardSql } from '../../../src/query/sql-guard.js';

/** A call every engine's allow-list has, for the control cases of the position family. */
const HARMLESS_CALL = 'abs(1)';

/**
 * The hostile-SQL corpus (test/fixtures/hostile-sql/<engine>.yaml plus generated families): every attack
 * is refused, every benign look-alike accepted, and no input keeps the guard busy past its parse budget.
 */
const ENGINES = ENGINE_TYPES.filter((engine) => existsSync(corpusFile(engine))).map((engine) => [engine]);

describe.each(ENGINES)('hostile-SQL corpus (%s)', (engine) => {
  const corpus = loadCorpus(engine);
  const cases = corpusCases(corpus, HARMLESS_CALL);

  it('holds hundreds of cases', () => {
    expect(corpus.engine).toBe(engine);
    expect(cases.length).toBeGreaterThanOrEqual(300);
  });

  it('refuses every attack and accepts every look-alike', () => {
    const wrong: string[] = [];
    for (const item of cases) {
      const started = performance.now();
      const result = guardSql(item.sql, engine);
      const elapsed = performance.now() - started;
      const shown = item.sql.length > 160 ? `${item.sql.slice(0, 160)}…` : item.sql;
      if (elapsed > 4000) wrong.push(`${item.family}: took ${Math.round(elapsed)} ms: ${shown}`);
      if (item.verdict === 'accept' && !result.ok) {
        wrong.push(`${item.family}: refused (${result.code}: ${result.reason}): ${shown}`);
      }
      if (item.verdict === 'refuse' && result.ok) wrong.push(`${item.family}: accepted: ${shown}`);
      if (item.verdict === 'refuse' && !result.ok && item.code && result.code !== item.code) {
        wrong.push(`${item.family}: refused as ${result.code}, expected ${item.code} (${result.reason}): ${shown}`);
      }
      if (!result.ok && result.code === 'empty' && item.verdict === 'refuse') {
        wrong.push(`${item.family}: refused only as empty: ${shown}`);
      }
    }
    expect(wrong).toEqual([]);
  }, 240_000);
});
