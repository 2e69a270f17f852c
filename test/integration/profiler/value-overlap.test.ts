import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connector } from '../../../src/connectors/connector.js';
import { createConnector } from '../../../src/connectors/registry.js';
import type { DatabaseProfile } from '../../../src/profiling/profile-model.js';
import { profileDatabase } from '../../../src/profiling/schema-profiler.js';

/**
 * Pure value-overlap discovery on a SQLite file built here: text codes whose values all sit in one
 * other table's unique column are reported as `value_overlap` below 0.8; integers, values found in two
 * keys, and low-cardinality flags are not.
 */
describe('value-overlap relationship discovery (SQLite)', () => {
  let dir: string;
  let connector: Connector;
  let profile: DatabaseProfile;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'datachat-overlap-'));
    const file = join(dir, 'shop.db');
    const db = new Database(file);
    db.exec(`
      CREATE TABLE carriers (code TEXT PRIMARY KEY, label TEXT NOT NULL);
      CREATE TABLE warehouses (site TEXT PRIMARY KEY, city TEXT NOT NULL);
      CREATE TABLE depots (depot_code TEXT PRIMARY KEY, size INTEGER NOT NULL);
      CREATE TABLE shipments (id INTEGER PRIMARY KEY, via TEXT NOT NULL, origin TEXT NOT NULL, boxes INTEGER NOT NULL, fragile TEXT NOT NULL);
    `);
    const carriers = ['DHLX', 'FEDX', 'UPSG', 'TNTE', 'GLSD', 'DPDA'];
    const sites = ['NYC1', 'LAX2', 'CHI3', 'HOU4', 'PHX5'];
    for (const c of carriers) db.prepare('INSERT INTO carriers VALUES (?, ?)').run(c, `Carrier ${c}`);
    for (const s of sites) db.prepare('INSERT INTO warehouses VALUES (?, ?)').run(s, `City ${s}`);
    for (const s of sites) db.prepare('INSERT INTO depots VALUES (?, ?)').run(s, 10);
    const insert = db.prepare('INSERT INTO shipments (via, origin, boxes, fragile) VALUES (?, ?, ?, ?)');
    for (let i = 0; i < 200; i++) insert.run(carriers[i % 5], sites[i % 5], 1 + (i % 4), i % 2 ? 'Y' : 'N');
    db.close();
    connector = await createConnector({
      id: 'shop',
      engine: 'sqlite',
      url: `sqlite:${file}`,
      options: {},
      baseDir: dir,
    });
    profile = await profileDatabase(connector, { connectionId: 'shop' });
  }, 60_000);

  afterAll(async () => {
    await connector?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('finds a text code contained in exactly one key, as value_overlap below 0.8 with N:1 cardinality', () => {
    const via = profile.relationships.filter((r) => r.from_table === 'shipments' && r.from_columns[0] === 'via');
    expect(via).toEqual([
      {
        from_table: 'shipments',
        from_columns: ['via'],
        to_table: 'carriers',
        to_columns: ['code'],
        cardinality: 'N:1',
        kind: 'value_overlap',
        confidence: 0.75,
        evidence: { containment: 1, child_values_checked: 5 },
      },
    ]);
  });

  it('drops values found in two keys, integers and two-valued flags', () => {
    const others = profile.relationships.filter((r) => !(r.from_table === 'shipments' && r.from_columns[0] === 'via'));
    // origin sits in warehouses.site and depots.depot_code alike: ambiguous. boxes (1..4) fits any integer range.
    expect(others).toEqual([]);
    expect(profile.relationships.every((r) => r.confidence < 0.8 || r.kind !== 'value_overlap')).toBe(true);
  });
});
