#!/usr/bin/env node
// Benchmark of knowledge retrieval (docs/architecture.md) on Spider dev and BIRD dev schemas: routing accuracy,
// table recall@k and retrieval latency at the datasets' size and at 10,000 DataPoints, side by side with a
// plain BM25-over-DDL baseline measured in the same run. Prints numbers next to targets, never asserts.
//
//   npm run build && node bench/retrieval.mjs [--json] [--keep] [--no-profile] [--scale N] [--calls N] [--limit N] [--show N] [--budget S]
//
// Data (read-only): ../shared/datasets/spider_dev and ../shared/datasets/bird_minidev, relative to the repo.
// Everything it writes lives in one temporary project under os.tmpdir(), removed at the end unless --keep.
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { join } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { round, seconds, loadDist } from './bench-util.mjs';

const require = createRequire(import.meta.url);
const Database = require('better-sqlite3');
const { Parser } = require('node-sql-parser');
const YAML = require('yaml');

const DATASETS = fileURLToPath(new URL('../../shared/datasets/', import.meta.url));
const SPIDER = join(DATASETS, 'spider_dev');
const BIRD = join(DATASETS, 'bird_minidev');
const BIRD_PREFIX = 'bird_';
const SYNTH_PREFIX = 'syn';

const TARGETS = {
  routingSpider: 0.95,
  recall10Bird: 0.95,
  p50MsAtScale: 20,
};

const args = parseArgs(process.argv.slice(2));
/** Progress goes to stderr so that `--json` leaves stdout parseable. */
const log = (...parts) => console.error(...parts);

async function main() {
  if (args.help) {
    console.log(
      'Usage: node bench/retrieval.mjs [--json] [--keep] [--no-profile] [--scale N] [--calls N] [--limit N] [--show N] [--budget S]',
    );
    return;
  }
  const dist = {
    ...(await loadDist('datapoints/schema-datapoint-builder.js')),
    ...(await loadDist('datapoints/datapoint-yaml.js')),
    ...(await loadDist('datapoints/datapoint-files.js')),
    ...(await loadDist('config/project-paths.js')),
    ...(await loadDist('config/load-config.js')),
    ...(await loadDist('knowledge/knowledge-store.js')),
    ...(await loadDist('knowledge/knowledge-indexer.js')),
    ...(await loadDist('knowledge/local-embedder.js')),
    ...(await loadDist('knowledge/retriever.js')),
    ...(await loadDist('query/query-router.js')),
    ...(await loadDist('connectors/registry.js')),
    ...(await loadDist('profiling/schema-profiler.js')),
    ...(await loadDist('profiling/schema-datapoint-refresh.js')),
  };

  // ─── data ───
  const spiderAll = JSON.parse(readFileSync(join(SPIDER, 'dev.json'), 'utf8'));
  const spiderDbIds = [...new Set(spiderAll.map((q) => q.db_id))];
  const spiderQuestions = limit(spiderAll);
  const spiderSchemas = JSON.parse(readFileSync(join(SPIDER, 'tables.json'), 'utf8')).filter((s) =>
    spiderDbIds.includes(s.db_id),
  );
  const birdSchemas = JSON.parse(readFileSync(join(BIRD, 'dev_tables.json'), 'utf8'));
  const birdFile = existsSync(join(BIRD, 'bird_dev.json')) ? 'bird_dev.json' : 'mini_dev_sqlite.json';
  const birdQuestions = limit(JSON.parse(readFileSync(join(BIRD, birdFile), 'utf8')));

  const databases = [
    ...spiderSchemas.map((s) => ({
      dataset: 'spider',
      dbId: s.db_id,
      connection: connectionId(s.db_id),
      schema: s,
      url: spiderUrl(s.db_id),
    })),
    ...birdSchemas.map((s) => ({
      dataset: 'bird',
      dbId: s.db_id,
      connection: connectionId(BIRD_PREFIX + s.db_id),
      schema: s,
      url: `sqlite:///nonexistent/bird/${s.db_id}.sqlite`,
    })),
  ];
  for (const d of databases) d.metadata = metadataFromSpiderSchema(d.schema);
  const byDbId = {
    spider: new Map(databases.filter((d) => d.dataset === 'spider').map((d) => [d.dbId, d])),
    bird: new Map(databases.filter((d) => d.dataset === 'bird').map((d) => [d.dbId, d])),
  };

  // ─── 1. project + sync ───
  const root = mkdtempSync(join(os.tmpdir(), 'datachat-bench-retrieval-'));
  const paths = dist.projectPaths(root);
  log(`Project: ${root}`);
  const result = {
    machine: machineInfo(),
    project: root,
    datasets: { spider_questions: spiderQuestions.length, bird_questions: birdQuestions.length, bird_file: birdFile },
    targets: TARGETS,
  };
  let store;
  try {
    writeConfig(paths.configFile, databases);
    const { config } = dist.loadConfig(paths, {});
    const connectionsById = new Map(config.connections.map((c) => [c.id, c]));
    let started = performance.now();
    let written = 0;
    let profiled = 0;
    for (const d of databases) {
      d.dataPoints = dist.schemaDataPointsFromMetadata(d.connection, d.metadata);
      // As `datachat profile` would: Spider ships its databases, so their statistics and value index
      // are real (BIRD ships schemas only). --no-profile measures schemas alone.
      if (args.profile && d.dataset === 'spider' && !d.url.includes('/nonexistent/')) {
        const connector = await dist.createConnector({
          id: d.connection,
          engine: 'sqlite',
          url: d.url,
          options: {},
          baseDir: root,
        });
        try {
          const profile = await dist.profileDatabase(connector, { connectionId: d.connection });
          const byName = new Map(profile.tables.map((t) => [t.table_name.toLowerCase(), t]));
          d.dataPoints = d.metadata.tables.map((table, i) =>
            dist.refreshSchemaDataPoint(
              d.dataPoints[i],
              d.connection,
              table,
              false,
              byName.get(table.name.toLowerCase()),
              profile.relationships,
            ),
          );
          profiled++;
        } finally {
          await connector.close();
        }
      }
      for (const dp of d.dataPoints) {
        dist.writeDataPointFile(dist.dataPointPath(paths.datapointsDir, dp), dp);
        written++;
      }
    }
    const writeMs = performance.now() - started;
    log(`  ${profiled} Spider databases profiled (statistics and value index), in ${seconds(writeMs)} with the YAML`);
    store = dist.KnowledgeStore.open(paths.knowledgeDb);
    const embedder = new dist.LocalEmbedder();
    const indexer = new dist.KnowledgeIndexer(store, embedder, paths.datapointsDir, paths.root);
    log(`Syncing ${written} DataPoints...`);
    const sync = await indexer.sync();
    const retriever = new dist.Retriever(store, embedder);
    const edges = store.db.prepare(`SELECT count(*) AS n FROM edges WHERE kind = 'joins'`).get().n;
    const perDb = (dataset) => databases.filter((d) => d.dataset === dataset).map((d) => d.dataPoints.length);
    result.setup = {
      connections: config.connections.length,
      spider: {
        databases: perDb('spider').length,
        tables: sum(perDb('spider')),
        tables_per_db_mean: round(mean(perDb('spider')), 1),
        tables_per_db_max: Math.max(...perDb('spider')),
      },
      bird: {
        databases: perDb('bird').length,
        tables: sum(perDb('bird')),
        tables_per_db_mean: round(mean(perDb('bird')), 1),
        tables_per_db_max: Math.max(...perDb('bird')),
      },
      datapoints: sync.total,
      join_edges: edges,
      yaml_write_ms: Math.round(writeMs),
      sync_ms: Math.round(sync.elapsed_ms),
    };
    log(`  ${sync.total} DataPoints, ${edges} join edges, sync ${seconds(sync.elapsed_ms)}`);

    const baseline = new DdlBaseline();
    for (const d of databases) baseline.addDatabase(d.connection, d.metadata);

    // ─── 2. routing ───
    const spiderConnections = databases
      .filter((d) => d.dataset === 'spider')
      .map((d) => connectionsById.get(d.connection));
    const allConnections = databases.map((d) => connectionsById.get(d.connection));
    log(`Routing ${spiderQuestions.length} Spider dev questions (20 Spider connections, then with BIRD)...`);
    result.routing = {
      spider: await routing(dist, retriever, baseline, spiderQuestions, spiderConnections, byDbId.spider, true),
      spider_plus_bird: await routing(dist, retriever, baseline, spiderQuestions, allConnections, byDbId.spider, false),
    };

    // ─── 3. table recall ───
    log(`Table recall on ${birdQuestions.length} BIRD dev and ${spiderQuestions.length} Spider dev questions...`);
    result.recall = {
      bird: await recall(
        retriever,
        baseline,
        birdQuestions,
        byDbId.bird,
        (q) => q.question,
        (q) => q.SQL,
      ),
      bird_with_evidence: await recall(
        retriever,
        baseline,
        birdQuestions,
        byDbId.bird,
        (q) => `${q.question} ${q.evidence ?? ''}`.trim(),
        (q) => q.SQL,
      ),
      spider: await recall(
        retriever,
        baseline,
        spiderQuestions,
        byDbId.spider,
        (q) => q.question,
        (q) => q.query,
      ),
    };

    // ─── 4. latency ───
    const sample = latencySample(spiderQuestions, birdQuestions, byDbId, args.calls);
    log(`Latency at ${sync.total} DataPoints (${sample.length} calls each)...`);
    result.latency = { small: await latency(retriever, baseline, sample, sync.total) };
    const copies = Math.max(0, Math.ceil(args.scale / sync.total) - 1);
    started = performance.now();
    const synthetic = [];
    for (let c = 1; c <= copies; c++) {
      for (const d of databases) {
        const connection = `${SYNTH_PREFIX}${String(c).padStart(3, '0')}_${d.connection}`.slice(0, 63);
        synthetic.push({
          id: connection,
          type: 'sqlite',
          url: d.url,
          description: `synthetic copy ${c} of ${d.connection}`,
        });
        for (const dp of d.dataPoints) {
          const copy = { ...dp, connection };
          dist.writeDataPointFile(dist.dataPointPath(paths.datapointsDir, copy), copy);
        }
        baseline.addDatabase(connection, d.metadata);
      }
    }
    writeConfig(paths.configFile, databases, synthetic);
    const scaledConfig = dist.loadConfig(paths, {}).config;
    const scaleWriteMs = performance.now() - started;
    log(`Scaling: ${copies} synthetic copies of every schema (${synthetic.length} extra connections), syncing...`);
    const scaledSync = await indexer.sync();
    result.scale = {
      copies,
      extra_connections: synthetic.length,
      connections: scaledConfig.connections.length,
      datapoints: scaledSync.total,
      added: scaledSync.added,
      yaml_write_ms: Math.round(scaleWriteMs),
      sync_ms: Math.round(scaledSync.elapsed_ms),
    };
    log(`  ${scaledSync.total} DataPoints (+${scaledSync.added}), sync ${seconds(scaledSync.elapsed_ms)}`);
    log(`Latency at ${scaledSync.total} DataPoints...`);
    result.latency.scaled = await latency(retriever, baseline, sample, scaledSync.total);
    log('BIRD recall at scale (restricted to the gold connection: should equal the small index)...');
    const scaledRecall = await recall(
      retriever,
      undefined,
      birdQuestions,
      byDbId.bird,
      (q) => q.question,
      (q) => q.SQL,
    );
    result.recall.bird_at_scale = { datachat: scaledRecall.datachat };
    baseline.close();
  } finally {
    store?.close();
    if (!args.keep) rmSync(root, { recursive: true, force: true });
  }
  if (args.json) console.log(JSON.stringify(result, null, 2));
  else printReport(result);
}

// ─── schemas → DataPoints ──────────────────────────────────────────────────────────────────────────

/** Connection ids are lower-case slugs (config-schema.ts): `cre_Doc_Template_Mgt` → `cre_doc_template_mgt`. */
function connectionId(dbId) {
  return dbId
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '_')
    .slice(0, 63);
}

function spiderUrl(dbId) {
  for (const folder of ['database', 'database_partial']) {
    const file = join(SPIDER, folder, dbId, `${dbId}.sqlite`);
    if (existsSync(file)) return `sqlite://${file}`;
  }
  return `sqlite:///nonexistent/spider/${dbId}.sqlite`;
}

const CANONICAL = {
  text: 'string',
  number: 'decimal',
  integer: 'integer',
  real: 'float',
  date: 'date',
  datetime: 'timestamp',
  time: 'timestamp',
  boolean: 'boolean',
  others: 'unknown',
};

/**
 * SchemaMetadata (what a connector's introspection returns) from a Spider-format schema: columns with
 * their types, primary keys (composite ones are nested lists), one foreign key per declared column pair.
 * `sqlite_*` tables are skipped, as the SQLite introspector does.
 */
function metadataFromSpiderSchema(schema) {
  const columns = schema.column_names_original;
  const tables = schema.table_names_original.map((name) => ({
    name,
    kind: 'table',
    columns: [],
    primaryKey: [],
    foreignKeys: [],
    indexes: [],
  }));
  columns.forEach(([t, name], i) => {
    if (t < 0) return;
    const type = schema.column_types[i] ?? 'text';
    tables[t].columns.push({
      name,
      dataType: type,
      canonicalType: CANONICAL[type] ?? 'unknown',
      nullable: true,
      ordinal: tables[t].columns.length + 1,
    });
  });
  for (const pk of schema.primary_keys) {
    const ids = Array.isArray(pk) ? pk : [pk];
    const table = tables[columns[ids[0]][0]];
    table.primaryKey = ids.map((i) => columns[i][1]);
  }
  const seen = new Set();
  for (const [from, to] of schema.foreign_keys) {
    const key = `${from}>${to}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const [ft, fc] = columns[from];
    const [tt, tc] = columns[to];
    tables[ft].foreignKeys.push({ columns: [fc], targetTable: schema.table_names_original[tt], targetColumns: [tc] });
  }
  return {
    engine: 'sqlite',
    schemas: [],
    tables: tables.filter((t) => !/^sqlite_/i.test(t.name)),
    introspectedAt: '2020-01-01T00:00:00.000Z',
  };
}

function writeConfig(file, databases, extra = []) {
  const connections = [
    ...databases.map((d) => ({ id: d.connection, type: 'sqlite', url: d.url, description: `${d.dataset} ${d.dbId}` })),
    ...extra,
  ];
  writeFileSync(
    file,
    `# written by bench/retrieval.mjs\n${YAML.stringify({ version: 1, connections, embeddings: { provider: 'local' } }, { lineWidth: 0 })}`,
  );
}

// ─── gold tables ───────────────────────────────────────────────────────────────────────────────────

const sqlParser = new Parser();

/**
 * Tables referenced by a gold query, as lower-case names of tables that exist in the schema:
 * node-sql-parser's tableList (SQLite, then MySQL dialect), else a regex over FROM/JOIN lists.
 */
function goldTables(sql, schemaTables) {
  const known = new Map(schemaTables.map((t) => [t.toLowerCase(), t.toLowerCase()]));
  let names;
  let method = 'parser';
  for (const database of ['Sqlite', 'MySQL']) {
    try {
      names = sqlParser.tableList(sql, { database }).map((e) => e.split('::').pop());
      break;
    } catch {
      // next dialect, then the regex
    }
  }
  if (!names) {
    method = 'regex';
    names = [];
    const ident = '(?:`[^`]+`|"[^"]+"|\\[[^\\]]+\\]|[A-Za-z_][\\w$]*)';
    const re = new RegExp(
      `\\b(?:FROM|JOIN)\\s+(${ident}(?:\\s+(?:AS\\s+)?${ident})?(?:\\s*,\\s*${ident}(?:\\s+(?:AS\\s+)?${ident})?)*)`,
      'gi',
    );
    for (const m of sql.matchAll(re)) {
      for (const part of m[1].split(',')) {
        const first = new RegExp(`^\\s*(${ident})`).exec(part);
        if (first) names.push(first[1].replace(/^[`"[]|[`"\]]$/g, ''));
      }
    }
  }
  const gold = [...new Set(names.map((n) => known.get(String(n).toLowerCase())).filter(Boolean))];
  return { gold, method };
}

// ─── baseline: BM25 over raw DDL ───────────────────────────────────────────────────────────────────

/** One FTS5 row per table holding its CREATE TABLE text, ranked by bm25 (unicode61, no stemming, no identifier splitting). */
class DdlBaseline {
  constructor() {
    this.db = new Database(':memory:');
    this.db.exec(`CREATE VIRTUAL TABLE ddl USING fts5(db UNINDEXED, tbl UNINDEXED, body)`);
    this.insert = this.db.prepare('INSERT INTO ddl(db, tbl, body) VALUES (?, ?, ?)');
    this.inDb = this.db.prepare(
      `SELECT tbl, bm25(ddl) AS score FROM ddl WHERE ddl MATCH ? AND db = ? ORDER BY score LIMIT 50`,
    );
    this.all = this.db.prepare(`SELECT db, tbl, bm25(ddl) AS score FROM ddl WHERE ddl MATCH ? ORDER BY score`);
    this.top = this.db.prepare(`SELECT db, tbl, bm25(ddl) AS score FROM ddl WHERE ddl MATCH ? ORDER BY score LIMIT 50`);
    this.rows = 0;
  }

  addDatabase(db, metadata) {
    this.db.transaction(() => {
      for (const t of metadata.tables) {
        this.insert.run(db, t.name, ddlText(t));
        this.rows++;
      }
    })();
  }

  static query(question) {
    const terms = [...new Set(question.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [])];
    return terms.length ? terms.map((t) => `"${t}"`).join(' OR ') : undefined;
  }

  /** Tables of one database, best first. */
  tables(question, db) {
    const q = DdlBaseline.query(question);
    return q ? this.inDb.all(q, db).map((r) => r.tbl) : [];
  }

  /** Databases ranked by the sum (or max) of their tables' BM25 scores (bm25() is negative: lower is better). */
  route(question, allowed) {
    const q = DdlBaseline.query(question);
    const sumBy = new Map();
    const maxBy = new Map();
    if (q) {
      for (const r of this.all.all(q)) {
        if (!allowed.has(r.db)) continue;
        sumBy.set(r.db, (sumBy.get(r.db) ?? 0) - r.score);
        maxBy.set(r.db, Math.max(maxBy.get(r.db) ?? 0, -r.score));
      }
    }
    const best = (m) => [...m.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
    return { sum: best(sumBy), max: best(maxBy) };
  }

  unrestricted(question) {
    const q = DdlBaseline.query(question);
    return q ? this.top.all(q) : [];
  }

  close() {
    this.db.close();
  }
}

function ddlText(table) {
  const q = (name) => `"${name}"`;
  const lines = table.columns.map((c) => `  ${q(c.name)} ${c.dataType}`);
  if (table.primaryKey.length) lines.push(`  PRIMARY KEY (${table.primaryKey.map(q).join(', ')})`);
  for (const fk of table.foreignKeys)
    lines.push(
      `  FOREIGN KEY (${fk.columns.map(q).join(', ')}) REFERENCES ${q(fk.targetTable)}(${fk.targetColumns.map(q).join(', ')})`,
    );
  return `CREATE TABLE ${q(table.name)} (\n${lines.join(',\n')}\n)`;
}

// ─── measurements ──────────────────────────────────────────────────────────────────────────────────

/** Routes every question over `connections` (the router ranks only the connections it is given). */
async function routing(dist, retriever, baseline, questions, connections, dbs, _restrict) {
  const ids = connections.map((c) => c.id);
  const allowed = new Set(ids);
  const scoped = retriever;
  let correct = 0;
  let sumTop1 = 0;
  let maxTop1 = 0;
  let goldInTop3 = 0;
  let baseSum = 0;
  let baseMax = 0;
  const methods = {};
  const confusions = new Map();
  const failures = [];
  const times = [];
  for (const q of questions) {
    const gold = dbs.get(q.db_id).connection;
    const started = performance.now();
    const { routing: r } = await dist.routeQuestion({ question: q.question, connections, retriever: scoped });
    times.push(performance.now() - started);
    const got = r.targets[0];
    const m = (methods[r.method] ??= { questions: 0, correct: 0 });
    m.questions++;
    // The ranking the router builds (fused scores of the top 20 DataPoints summed per connection),
    // without its share ≥ 0.5 threshold and default fallback, and the same ranking by the best
    // DataPoint per connection instead of the sum: tells ranking, aggregation and threshold errors apart.
    const retrieval = await retriever.retrieve(q.question, { k: 20, connections: ids });
    const sumBy = new Map();
    const maxBy = new Map();
    for (const d of retrieval.datapoints) {
      sumBy.set(d.connection, (sumBy.get(d.connection) ?? 0) + d.score);
      maxBy.set(d.connection, Math.max(maxBy.get(d.connection) ?? 0, d.score));
    }
    const ranked = [...sumBy.entries()].sort((a, b) => b[1] - a[1]).map(([c]) => c);
    if (ranked[0] === gold) sumTop1++;
    if ([...maxBy.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] === gold) maxTop1++;
    if (ranked.slice(0, 3).includes(gold)) goldInTop3++;
    if (got === gold) {
      correct++;
      m.correct++;
    } else {
      const key = `${gold} → ${got}`;
      confusions.set(key, (confusions.get(key) ?? 0) + 1);
      failures.push({
        question: q.question,
        gold,
        got,
        method: r.method,
        confidence: r.confidence,
        ranked: ranked.slice(0, 3),
        top: retrieval.datapoints.slice(0, 3).map((d) => `${d.connection}/${d.id}`),
      });
    }
    const b = baseline.route(q.question, allowed);
    if (b.sum === gold) baseSum++;
    if (b.max === gold) baseMax++;
  }
  const n = questions.length;
  return {
    questions: n,
    connections: ids.length,
    restricted_retrieval: true,
    datachat: {
      accuracy: correct / n,
      ranking_sum_top1: sumTop1 / n,
      ranking_max_top1: maxTop1 / n,
      gold_in_top3: goldInTop3 / n,
      by_method: methods,
      ms_p50: percentile(times, 50),
    },
    baseline: { accuracy_sum: baseSum / n, accuracy_max: baseMax / n },
    confusions: [...confusions.entries()].sort((a, b) => b[1] - a[1]).map(([pair, count]) => ({ pair, count })),
    failures,
  };
}

async function recall(retriever, baseline, questions, dbs, questionText, goldSql) {
  const acc = {
    d5: 0,
    d10: 0,
    dAll10: 0,
    b5: 0,
    b10: 0,
    bAll10: 0,
    c5: 0,
    c10: 0,
    returned: 0,
    n: 0,
    skipped: 0,
    regex: 0,
  };
  const byDb = new Map();
  const misses = [];
  const via = { hit: 0, join_path: 0, gold_via_join: 0 };
  for (const q of questions) {
    const d = dbs.get(q.db_id);
    const tableNames = d.metadata.tables.map((t) => t.name);
    const { gold, method } = goldTables(goldSql(q), tableNames);
    if (method === 'regex') acc.regex++;
    if (!gold.length) {
      acc.skipped++;
      continue;
    }
    acc.n++;
    const text = questionText(q);
    const retrieval = await retriever.retrieve(text, { connections: [d.connection], k: 10 });
    const ranked = retrieval.tables.map((t) => t.table.toLowerCase());
    acc.returned += ranked.length;
    const r = (list, k) => gold.filter((g) => list.slice(0, k).includes(g)).length / gold.length;
    const d5 = r(ranked, 5);
    const d10 = r(ranked, 10);
    acc.d5 += d5;
    acc.d10 += d10;
    if (d10 === 1) acc.dAll10++;
    for (const t of retrieval.tables.slice(0, 10)) {
      via[t.via]++;
      if (t.via === 'join_path' && gold.includes(t.table.toLowerCase())) via.gold_via_join++;
    }
    const n = tableNames.length;
    acc.c5 += Math.min(5, n) / n;
    acc.c10 += Math.min(10, n) / n;
    if (baseline) {
      const b = baseline.tables(text, d.connection).map((t) => t.toLowerCase());
      const b5 = r(b, 5);
      const b10 = r(b, 10);
      acc.b5 += b5;
      acc.b10 += b10;
      if (b10 === 1) acc.bAll10++;
    }
    const s = byDb.get(d.connection) ?? { questions: 0, recall10: 0, tables: n };
    s.questions++;
    s.recall10 += d10;
    byDb.set(d.connection, s);
    if (d10 < 1)
      misses.push({
        db: d.connection,
        question: text,
        gold,
        missing: gold.filter((g) => !ranked.slice(0, 10).includes(g)),
        retrieved: retrieval.tables.slice(0, 10).map((t) => (t.via === 'hit' ? t.table : `${t.table}(join)`)),
      });
  }
  const n = acc.n || 1;
  return {
    questions: acc.n,
    skipped_no_gold_table: acc.skipped,
    gold_by_regex: acc.regex,
    datachat: {
      recall5: acc.d5 / n,
      recall10: acc.d10 / n,
      all_gold_in_top10: acc.dAll10 / n,
      tables_returned_mean: acc.returned / n,
      top10_via: via,
    },
    ...(baseline
      ? { baseline: { recall5: acc.b5 / n, recall10: acc.b10 / n, all_gold_in_top10: acc.bAll10 / n } }
      : {}),
    chance: { recall5: acc.c5 / n, recall10: acc.c10 / n },
    by_db: Object.fromEntries(
      [...byDb.entries()].map(([db, s]) => [
        db,
        { questions: s.questions, tables: s.tables, recall10: s.recall10 / s.questions },
      ]),
    ),
    misses,
  };
}

/** A fixed mix of Spider and BIRD questions with their gold connection. */
function latencySample(spider, bird, dbs, calls) {
  const half = Math.ceil(calls / 2);
  const pick = (list, count) =>
    Array.from(
      { length: Math.min(count, list.length) },
      (_, i) => list[Math.floor((i * list.length) / Math.min(count, list.length))],
    );
  const out = [
    ...pick(spider, half).map((q) => ({ question: q.question, connection: dbs.spider.get(q.db_id).connection })),
    ...pick(bird, calls - half).map((q) => ({ question: q.question, connection: dbs.bird.get(q.db_id).connection })),
  ];
  return out.slice(0, calls);
}

async function latency(retriever, baseline, sample, datapoints) {
  for (const s of sample.slice(0, 20)) await retriever.retrieve(s.question, { connections: [s.connection], k: 10 });
  // Each row stops early once it has used its time budget (--budget seconds), and says so.
  const run = async (work) => {
    const times = [];
    const started = performance.now();
    for (const s of sample) {
      const t0 = performance.now();
      await work(s);
      times.push(performance.now() - t0);
      if (performance.now() - started > args.budget * 1000) break;
    }
    return { calls: times.length, p50: percentile(times, 50), p95: percentile(times, 95), max: Math.max(...times) };
  };
  return {
    datapoints,
    sample: sample.length,
    baseline_rows: baseline.rows,
    restricted: await run((s) => retriever.retrieve(s.question, { connections: [s.connection], k: 10 })),
    unrestricted: await run((s) => retriever.retrieve(s.question, { k: 10 })),
    baseline_restricted: await run((s) => baseline.tables(s.question, s.connection)),
    baseline_unrestricted: await run((s) => baseline.unrestricted(s.question)),
  };
}

// ─── report ────────────────────────────────────────────────────────────────────────────────────────

function printReport(r) {
  const lines = [];
  const pct = (v) => (v === undefined ? '-' : `${(100 * v).toFixed(1)} %`);
  const ms = (v) => (v === undefined ? '-' : `${v.toFixed(2)} ms`);
  lines.push('');
  lines.push(
    `Machine: ${r.machine.cpus} CPU cores (${r.machine.cpu_model}), ${r.machine.memory_gib} GiB RAM, Node ${r.machine.node}`,
  );
  lines.push(
    `Data: Spider dev ${r.datasets.spider_questions} questions, BIRD ${r.datasets.bird_file} ${r.datasets.bird_questions} questions`,
  );
  const s = r.setup;
  lines.push(
    `Index: ${s.connections} connections; Spider ${s.spider.databases} dbs / ${s.spider.tables} tables (mean ${s.spider.tables_per_db_mean}, max ${s.spider.tables_per_db_max} per db), ` +
      `BIRD ${s.bird.databases} dbs / ${s.bird.tables} tables (mean ${s.bird.tables_per_db_mean}, max ${s.bird.tables_per_db_max}); ` +
      `${s.datapoints} Schema DataPoints, ${s.join_edges} join edges; YAML written in ${seconds(s.yaml_write_ms)}, sync ${seconds(s.sync_ms)}`,
  );
  const sc = r.scale;
  lines.push(
    `Scaled: ${sc.copies} synthetic copies of every schema under ${sc.extra_connections} extra connections (${SYNTH_PREFIX}NNN_<conn>) → ${sc.datapoints} DataPoints ` +
      `(+${sc.added}); YAML written in ${seconds(sc.yaml_write_ms)}, incremental sync ${seconds(sc.sync_ms)}`,
  );
  lines.push('');
  const rows = [];
  const row = (label, datachat, baseline, target = '', met = '') => rows.push([label, datachat, baseline, target, met]);
  const yes = (ok) => (ok ? 'yes' : 'NO');
  const rs = r.routing.spider;
  const rb = r.routing.spider_plus_bird;
  row(
    `routing top-1, Spider dev over ${rs.connections} Spider connections`,
    pct(rs.datachat.accuracy),
    `${pct(rs.baseline.accuracy_sum)} sum / ${pct(rs.baseline.accuracy_max)} max`,
    `≥ ${TARGETS.routingSpider}`,
    yes(rs.datachat.accuracy >= TARGETS.routingSpider),
  );
  row('  ranking alone: fused scores summed per connection', pct(rs.datachat.ranking_sum_top1), '', '', '');
  row('  ranking alone: best fused score per connection', pct(rs.datachat.ranking_max_top1), '', '', '');
  row("  gold connection in the summed ranking's top 3", pct(rs.datachat.gold_in_top3), '', '', '');
  row(
    `routing top-1, Spider dev over ${rb.connections} connections (+BIRD)`,
    pct(rb.datachat.accuracy),
    `${pct(rb.baseline.accuracy_sum)} sum / ${pct(rb.baseline.accuracy_max)} max`,
    '',
    '',
  );
  row(
    '  ranking alone: summed / best per connection',
    `${pct(rb.datachat.ranking_sum_top1)} / ${pct(rb.datachat.ranking_max_top1)}`,
    '',
    '',
    '',
  );
  for (const [key, label, target] of [
    ['bird', 'BIRD dev', TARGETS.recall10Bird],
    ['bird_with_evidence', 'BIRD dev, question + evidence', undefined],
    ['spider', 'Spider dev', undefined],
  ]) {
    const x = r.recall[key];
    row(`table recall@5, ${label} (${x.questions} q)`, pct(x.datachat.recall5), pct(x.baseline.recall5), '', '');
    row(
      `table recall@10, ${label}`,
      pct(x.datachat.recall10),
      pct(x.baseline.recall10),
      target ? `≥ ${target}` : '',
      target ? yes(x.datachat.recall10 >= target) : '',
    );
    row('  all gold tables in top 10', pct(x.datachat.all_gold_in_top10), pct(x.baseline.all_gold_in_top10), '', '');
    row(
      "  chance (random order of the db's tables) @5 / @10",
      `${pct(x.chance.recall5)} / ${pct(x.chance.recall10)}`,
      '',
      '',
      '',
    );
    row('  tables returned per call (mean)', x.datachat.tables_returned_mean.toFixed(1), '', '', '');
  }
  row(
    `table recall@10, BIRD dev at ${sc.datapoints} DataPoints`,
    pct(r.recall.bird_at_scale.datachat.recall10),
    '',
    '',
    '',
  );
  for (const [key, label] of [
    ['small', 'dataset size'],
    ['scaled', 'scaled'],
  ]) {
    const l = r.latency[key];
    const big = key === 'scaled';
    const calls = (x) => (x.calls < l.sample ? ` [${x.calls} calls: time budget]` : '');
    row(
      `retrieve p50, one connection, ${l.datapoints} DataPoints (${label})${calls(l.restricted)}`,
      ms(l.restricted.p50),
      ms(l.baseline_restricted.p50),
      big ? `≤ ${TARGETS.p50MsAtScale} ms` : '',
      big ? yes(l.restricted.p50 <= TARGETS.p50MsAtScale) : '',
    );
    row(
      `retrieve p95, one connection, ${l.datapoints} DataPoints`,
      ms(l.restricted.p95),
      ms(l.baseline_restricted.p95),
      '',
      '',
    );
    row(
      `retrieve p50, all connections, ${l.datapoints} DataPoints${calls(l.unrestricted)}`,
      ms(l.unrestricted.p50),
      ms(l.baseline_unrestricted.p50),
      big ? `≤ ${TARGETS.p50MsAtScale} ms` : '',
      big ? yes(l.unrestricted.p50 <= TARGETS.p50MsAtScale) : '',
    );
    row(
      `retrieve p95, all connections, ${l.datapoints} DataPoints`,
      ms(l.unrestricted.p95),
      ms(l.baseline_unrestricted.p95),
      '',
      '',
    );
  }
  lines.push(renderTable(['metric', 'datachat', 'BM25 over DDL', 'target', 'met'], rows));
  lines.push('');
  lines.push(
    `Latency: ${r.latency.small.sample} retrieve calls per row (at most ${args.budget} s per row) (half Spider, half BIRD questions), k = 10, after 20 warm-up calls; baseline = one FTS5 query (${r.latency.scaled.baseline_rows} rows at scale).`,
  );
  lines.push(
    `Routing methods (Spider connections): ${Object.entries(rs.datachat.by_method)
      .map(([m, v]) => `${m} ${v.correct}/${v.questions}`)
      .join(', ')}; with BIRD: ${Object.entries(rb.datachat.by_method)
      .map(([m, v]) => `${m} ${v.correct}/${v.questions}`)
      .join(', ')}`,
  );
  lines.push(
    `Most frequent routing errors (gold → chosen), Spider connections: ${rs.confusions
      .slice(0, 8)
      .map((c) => `${c.pair} ×${c.count}`)
      .join('; ')}`,
  );
  lines.push(
    `Most frequent routing errors with BIRD: ${rb.confusions
      .slice(0, 6)
      .map((c) => `${c.pair} ×${c.count}`)
      .join('; ')}`,
  );
  const birdByDb = Object.entries(r.recall.bird.by_db)
    .map(([db, v]) => `${db.slice(BIRD_PREFIX.length)} ${pct(v.recall10)} (${v.tables} t)`)
    .join(', ');
  lines.push(`BIRD recall@10 per db: ${birdByDb}`);
  const via = r.recall.bird.datachat.top10_via;
  lines.push(
    `BIRD top-10 tables by origin: ${via.hit} hits, ${via.join_path} join-path additions (${via.gold_via_join} of them gold)`,
  );
  lines.push(
    `Gold tables: parser, regex fallback for ${r.recall.bird.gold_by_regex} BIRD / ${r.recall.spider.gold_by_regex} Spider queries; skipped (no schema table found): ${r.recall.bird.skipped_no_gold_table} / ${r.recall.spider.skipped_no_gold_table}`,
  );
  if (args.show > 0) {
    lines.push('', `Sample routing failures (Spider connections, first ${args.show}):`);
    for (const f of rs.failures.slice(0, args.show))
      lines.push(
        `  [${f.gold} → ${f.got}, ${f.method} ${f.confidence}] ${f.question}  ranking: ${f.ranked.join(', ')}; top: ${f.top.join(', ')}`,
      );
    lines.push('', `Sample BIRD recall@10 misses (first ${args.show}):`);
    for (const m of r.recall.bird.misses.slice(0, args.show))
      lines.push(`  [${m.db}] ${m.question}  missing: ${m.missing.join(', ')}; retrieved: ${m.retrieved.join(', ')}`);
  }
  console.log(lines.join('\n'));
}

// ─── helpers ───────────────────────────────────────────────────────────────────────────────────────

function renderTable(headers, rows) {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells) =>
    cells.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join('  ');
  return [line(headers), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

function machineInfo() {
  return {
    cpus: os.cpus().length,
    cpu_model: os.cpus()[0]?.model ?? 'unknown',
    memory_gib: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
  };
}

function limit(list) {
  return args.limit
    ? list.filter((_, i) => i % Math.max(1, Math.floor(list.length / args.limit)) === 0).slice(0, args.limit)
    : list;
}

function percentile(values, p) {
  if (!values.length) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

const sum = (values) => values.reduce((a, b) => a + b, 0);
const mean = (values) => (values.length ? sum(values) / values.length : 0);

function parseArgs(argv) {
  const out = {
    json: false,
    keep: false,
    help: false,
    profile: true,
    scale: 10_000,
    calls: 500,
    limit: 0,
    show: 10,
    budget: 120,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = (flag) => (a === flag ? argv[++i] : a.slice(flag.length + 1));
    if (a === '--json') out.json = true;
    else if (a === '--keep') out.keep = true;
    else if (a === '--no-profile') out.profile = false;
    else if (a === '--help' || a === '-h') out.help = true;
    else if (a === '--scale' || a.startsWith('--scale=')) out.scale = positive(value('--scale'), '--scale');
    else if (a === '--calls' || a.startsWith('--calls=')) out.calls = positive(value('--calls'), '--calls');
    else if (a === '--limit' || a.startsWith('--limit=')) out.limit = positive(value('--limit'), '--limit');
    else if (a === '--show' || a.startsWith('--show=')) out.show = nonNegative(value('--show'), '--show');
    else if (a === '--budget' || a.startsWith('--budget=')) out.budget = positive(value('--budget'), '--budget');
    else usage(`unknown option ${a}`);
  }
  return out;
}

function positive(value, flag) {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) usage(`${flag} takes a positive integer (got ${value})`);
  return n;
}

function nonNegative(value, flag) {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) usage(`${flag} takes a non-negative integer (got ${value})`);
  return n;
}

function usage(message) {
  console.error(
    `bench/retrieval.mjs: ${message}\nUsage: node bench/retrieval.mjs [--json] [--keep] [--no-profile] [--scale N] [--calls N] [--limit N] [--show N] [--budget S]`,
  );
  process.exit(2);
}

main().catch((error) => {
  console.error(error?.stack ?? error);
  if (error?.cause) console.error('cause:', error.cause?.message ?? error.cause);
  process.exitCode = 1;
});
