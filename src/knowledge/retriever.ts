import type { DataPointType } from '../datapoints/datapoint-model.js';
import type { Embedder } from './embedder.js';
import { splitIdentifier } from './identifier-text.js';
import { tableNode } from './index-entry.js';
import type { KnowledgeStore } from './knowledge-store.js';

export interface RetrievedDataPoint {
  rowid: number;
  connection: string;
  id: string;
  type: DataPointType;
  name: string;
  /** Reciprocal-rank-fusion score (higher is better). */
  score: number;
  ranks: { bm25?: number; vector?: number };
}

export interface RetrievedTable {
  connection: string;
  table: string;
  score: number;
  /** `hit` when a DataPoint about it matched; `join_path` when it connects hits. */
  via: 'hit' | 'join_path';
}

export interface ValueHit {
  connection: string;
  table: string;
  column: string;
  value: string;
}

export interface RetrievalResult {
  datapoints: RetrievedDataPoint[];
  tables: RetrievedTable[];
  values: ValueHit[];
  elapsedMs: number;
}

export interface RetrieveOptions {
  /** Restrict to these connections (default: all). */
  connections?: readonly string[];
  /** DataPoints returned. Default 10. */
  k?: number;
}

/** The k constant of reciprocal rank fusion (Cormack et al. 2009). */
const RRF_K = 60;
const CANDIDATES = 50;
/** Share of a hit's score its foreign-key parents receive (bench/retrieval: BIRD recall@5 93 % → 95.6 %). */
const PARENT_BOOST = 0.25;
/** Routing: weight of a connection's best vector similarity next to its normalized BM25 (0..1). */
const VECTOR_WEIGHT = 0.5;
/** Routing: bonus per distinct question value found in a connection's value index (capped at 1). */
const VALUE_WEIGHT = 0.5;
const STOPWORDS = new Set(
  'a an and are as at be by can do does for from give has have how i in is it list me many much of on or per please show tell than that the their there these this to total was were what when where which who whose why with you your'.split(
    ' ',
  ),
);

/** FTS5 query: OR of the question's quoted terms (identifier-split), stopwords dropped. */
export function ftsQuery(question: string): string | undefined {
  const terms = [...new Set(splitIdentifier(question).filter((w) => w.length > 1 && !STOPWORDS.has(w)))];
  if (!terms.length) return undefined;
  return terms.map((t) => `"${t.replace(/"/g, '""')}"`).join(' OR ');
}

/**
 * Hybrid retrieval (docs/architecture.md, step 2 of answering): BM25 over FTS5 and vector KNN over sqlite-vec, fused by
 * reciprocal rank, then expanded along the join graph so the tables that connect the hits come too;
 * plus a value-index lookup of literal values in the question.
 */
export class Retriever {
  constructor(
    private readonly store: KnowledgeStore,
    private readonly embedder: Embedder,
  ) {}

  async retrieve(question: string, options: RetrieveOptions = {}): Promise<RetrievalResult> {
    const started = performance.now();
    const k = options.k ?? 10;
    const connections = options.connections?.length ? options.connections : undefined;
    const fused = new Map<number, { bm25?: number; vector?: number }>();
    const query = ftsQuery(question);
    if (query) {
      const rows = this.store.db
        .prepare(
          `SELECT f.rowid AS rowid FROM datapoints_fts f JOIN datapoints d ON d.rowid = f.rowid
           WHERE datapoints_fts MATCH ? ${connections ? `AND d.connection IN (${connections.map(() => '?').join(',')})` : ''}
           ORDER BY bm25(datapoints_fts, 4.0, 1.0) LIMIT ${CANDIDATES}`,
        )
        .all(query, ...(connections ?? [])) as { rowid: number }[];
      rows.forEach((r, i) => void fused.set(r.rowid, { ...fused.get(r.rowid), bm25: i + 1 }));
    }
    const [embedding] = await this.embedder.embed([question]);
    this.knn(embedding!, connections).forEach(
      (r, i) => void fused.set(r.rowid, { ...fused.get(r.rowid), vector: i + 1 }),
    );

    const meta = this.describe([...fused.keys()]);
    const datapoints: RetrievedDataPoint[] = [...fused.entries()]
      .map(([rowid, ranks]) => ({
        ...meta.get(rowid)!,
        rowid,
        ranks,
        score: (ranks.bm25 ? 1 / (RRF_K + ranks.bm25) : 0) + (ranks.vector ? 1 / (RRF_K + ranks.vector) : 0),
      }))
      .filter((d) => d.id !== undefined)
      .sort((a, b) => b.score - a.score || a.id.localeCompare(b.id));

    return {
      datapoints: datapoints.slice(0, k),
      tables: this.expandTables(datapoints.slice(0, Math.max(k, 20))),
      values: this.values(question, connections),
      elapsedMs: performance.now() - started,
    };
  }

  private knn(
    embedding: Float32Array,
    connections: readonly string[] | undefined,
  ): { rowid: number; distance: number; connection: string }[] {
    const filter = !connections
      ? ''
      : connections.length === 1
        ? 'AND connection = ?'
        : `AND connection IN (${connections.map(() => '?').join(',')})`;
    return this.store.db
      .prepare(
        `SELECT dp_rowid AS rowid, distance, connection FROM datapoint_vectors WHERE embedding MATCH ? AND k = ${CANDIDATES} ${filter} ORDER BY distance`,
      )
      .all(embedding, ...(connections ?? [])) as { rowid: number; distance: number; connection: string }[];
  }

  /**
   * Ranks databases for routing: BM25 of the question over one document per connection (normalized
   * to the best), plus half the best vector similarity of any of its DataPoints, plus a bonus for
   * literal values of the question found in its value index. Scoring by the best
   * rather than the sum keeps databases with many tables from winning by volume (bench/retrieval:
   * 8 % → 94 % top-1 on Spider dev).
   */
  async rankConnections(
    question: string,
    connections: readonly string[],
  ): Promise<{ connection: string; score: number }[]> {
    const scores = new Map<string, number>(connections.map((c) => [c, 0]));
    const query = ftsQuery(question);
    if (query && connections.length) {
      const rows = this.store.db
        .prepare(
          `SELECT connection, bm25(connections_fts) AS b FROM connections_fts WHERE connections_fts MATCH ? AND connection IN (${connections.map(() => '?').join(',')})`,
        )
        .all(query, ...connections) as { connection: string; b: number }[];
      const best = Math.max(0, ...rows.map((r) => -r.b));
      if (best > 0) for (const r of rows) scores.set(r.connection, (scores.get(r.connection) ?? 0) + -r.b / best);
    }
    const [embedding] = await this.embedder.embed([question]);
    const bestSimilarity = new Map<string, number>();
    for (const r of this.knn(embedding!, connections))
      if (!bestSimilarity.has(r.connection)) bestSimilarity.set(r.connection, 1 - r.distance);
    for (const [c, sim] of bestSimilarity) scores.set(c, (scores.get(c) ?? 0) + VECTOR_WEIGHT * Math.max(0, sim));
    // A literal value of the question held by one database's columns ("Germany", "volvo") points there.
    const valueHits = new Map<string, Set<string>>();
    for (const hit of this.values(question, connections))
      valueHits.set(hit.connection, (valueHits.get(hit.connection) ?? new Set()).add(hit.value.toLowerCase()));
    for (const [c, values] of valueHits) scores.set(c, (scores.get(c) ?? 0) + Math.min(1, VALUE_WEIGHT * values.size));
    return [...scores.entries()]
      .map(([connection, score]) => ({ connection, score }))
      .sort((a, b) => b.score - a.score || a.connection.localeCompare(b.connection));
  }

  private describe(
    rowids: number[],
  ): Map<number, Omit<RetrievedDataPoint, 'score' | 'ranks' | 'rowid'> & { table?: string }> {
    const out = new Map<number, Omit<RetrievedDataPoint, 'score' | 'ranks' | 'rowid'> & { table?: string }>();
    if (!rowids.length) return out;
    const rows = this.store.db
      .prepare(
        `SELECT rowid, connection, id, type, name, json_extract(json, '$.table') AS tbl FROM datapoints WHERE rowid IN (${rowids.map(() => '?').join(',')})`,
      )
      .all(...rowids) as {
      rowid: number;
      connection: string;
      id: string;
      type: DataPointType;
      name: string;
      tbl: string | null;
    }[];
    for (const r of rows)
      out.set(r.rowid, {
        connection: r.connection,
        id: r.id,
        type: r.type,
        name: r.name,
        ...(r.tbl ? { table: r.tbl } : {}),
      });
    return out;
  }

  /** Tables of the hits, plus the tables on join paths between the best of them (BFS over `joins` edges). */
  private expandTables(hits: (RetrievedDataPoint & { table?: string })[]): RetrievedTable[] {
    const scores = new Map<string, RetrievedTable>();
    for (const hit of hits) {
      if (!hit.table) continue;
      const key = `${hit.connection}\u0000${hit.table.toLowerCase()}`;
      const current = scores.get(key);
      if (!current) scores.set(key, { connection: hit.connection, table: hit.table, score: hit.score, via: 'hit' });
      else current.score += hit.score / 2;
    }
    const ranked = [...scores.values()].sort((a, b) => b.score - a.score);
    // The tables a top hit references (its foreign-key parents) usually come along in the query.
    for (const hit of ranked.slice(0, 3)) {
      for (const parent of this.parents(hit.connection, hit.table)) {
        const key = `${hit.connection}\u0000${parent.toLowerCase()}`;
        const current = scores.get(key);
        if (current) current.score += PARENT_BOOST * hit.score;
        else
          scores.set(key, {
            connection: hit.connection,
            table: this.realName(hit.connection, parent),
            score: PARENT_BOOST * hit.score,
            via: 'join_path',
          });
      }
    }
    const top = [...scores.values()].sort((a, b) => b.score - a.score).slice(0, 4);
    for (let i = 0; i < top.length; i++) {
      for (let j = i + 1; j < top.length; j++) {
        if (top[i]!.connection !== top[j]!.connection) continue;
        const path = this.joinPath(top[i]!.connection, top[i]!.table, top[j]!.table);
        for (const table of path.slice(1, -1)) {
          const key = `${top[i]!.connection}\u0000${table}`;
          if (!scores.has(key))
            scores.set(key, {
              connection: top[i]!.connection,
              table: this.realName(top[i]!.connection, table),
              score: Math.min(top[i]!.score, top[j]!.score) / 2,
              via: 'join_path',
            });
        }
      }
    }
    return [...scores.values()].sort((a, b) => b.score - a.score || a.table.localeCompare(b.table));
  }

  private parents(connection: string, table: string): string[] {
    return (
      this.store.db
        .prepare(`SELECT DISTINCT dst FROM edges WHERE connection = ? AND kind = 'joins' AND src = ?`)
        .all(connection, tableNode(table)) as { dst: string }[]
    )
      .map((r) => r.dst.slice('table:'.length))
      .filter((t) => t !== table.toLowerCase());
  }

  /** A table's name as its Schema DataPoint spells it (graph nodes are lower-cased). */
  private realName(connection: string, lower: string): string {
    const row = this.store.db
      .prepare(
        `SELECT json_extract(json, '$.table') AS t FROM datapoints WHERE connection = ? AND type = 'Schema' AND lower(json_extract(json, '$.table')) = ? LIMIT 1`,
      )
      .get(connection, lower) as { t: string } | undefined;
    return row?.t ?? lower;
  }

  /** Shortest path of table names between two tables over join edges (either direction), at most 4 hops. */
  joinPath(connection: string, from: string, to: string): string[] {
    const start = tableNode(from);
    const goal = tableNode(to);
    const edges = this.store.db
      .prepare(`SELECT src, dst FROM edges WHERE connection = ? AND kind = 'joins'`)
      .all(connection) as { src: string; dst: string }[];
    const adjacent = new Map<string, string[]>();
    for (const e of edges) {
      adjacent.set(e.src, [...(adjacent.get(e.src) ?? []), e.dst]);
      adjacent.set(e.dst, [...(adjacent.get(e.dst) ?? []), e.src]);
    }
    const previous = new Map<string, string>([[start, '']]);
    let frontier = [start];
    for (let depth = 0; depth < 4 && frontier.length && !previous.has(goal); depth++) {
      const next: string[] = [];
      for (const node of frontier)
        for (const n of adjacent.get(node) ?? []) if (!previous.has(n)) previous.set(n, node), next.push(n);
      frontier = next;
    }
    if (!previous.has(goal)) return [];
    const path: string[] = [];
    for (let node = goal; node; node = previous.get(node)!) path.unshift(node.slice('table:'.length));
    return path;
  }

  /** Literal values of the question found in the value index (e.g. "Germany" → customers.country). */
  private values(question: string, connections: readonly string[] | undefined): ValueHit[] {
    const terms = [
      ...new Set(question.split(/[^\p{L}\p{N}_@.-]+/u).filter((w) => w.length > 1 && !STOPWORDS.has(w.toLowerCase()))),
    ];
    if (!terms.length) return [];
    const rows = this.store.db
      .prepare(
        `SELECT DISTINCT value, connection, table_name AS tbl, column_name AS col FROM column_values
         WHERE column_values MATCH ? ${connections ? `AND connection IN (${connections.map(() => '?').join(',')})` : ''} LIMIT 50`,
      )
      .all(terms.map((t) => `"${t.replace(/"/g, '""')}"`).join(' OR '), ...(connections ?? [])) as {
      value: string;
      connection: string;
      tbl: string;
      col: string;
    }[];
    const lower = question.toLowerCase();
    // Keep values whose whole text occurs in the question (multi-word values need every word).
    return rows
      .filter((r) =>
        new RegExp(`(^|[^\\p{L}\\p{N}])${escapeRegExp(r.value.toLowerCase())}($|[^\\p{L}\\p{N}])`, 'u').test(lower),
      )
      .map((r) => ({ connection: r.connection, table: r.tbl, column: r.col, value: r.value }));
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
