import { describe, expect, it } from 'vitest';
import {
  createConnector,
  ENGINE_DESCRIPTORS,
  ENGINE_TYPES,
  engineDescriptor,
  engineFromUrl,
  findEngine,
  URL_SCHEMES,
  urlCarriesCredentials,
  urlPrefixes,
} from './registry.js';

describe('engine registry', () => {
  it('lists one descriptor per engine, whose dialect is that engine', () => {
    expect(ENGINE_TYPES).toEqual(['sqlite', 'postgresql', 'mysql', 'clickhouse', 'bigquery', 'snowflake']);
    for (const d of ENGINE_DESCRIPTORS) {
      expect(d.dialect.engine).toBe(d.id);
      expect(d.dialect.name).toBe(d.name);
      expect(d.urlSchemes.length).toBeGreaterThan(0);
      expect(Object.keys(d.configSchema.shape).length).toBeGreaterThan(0);
      expect(d.dialect.functions.size).toBeGreaterThan(50);
      expect(engineDescriptor(d.id)).toBe(d);
    }
  });

  it('maps every scheme to exactly one engine', () => {
    const schemes = ENGINE_DESCRIPTORS.flatMap((d) => d.urlSchemes);
    expect(new Set(schemes).size).toBe(schemes.length);
    expect(URL_SCHEMES).toMatchObject({ postgres: 'postgresql', mariadb: 'mysql', file: 'sqlite' });
  });

  it.each([
    ['postgresql://u@h/db', 'postgresql'],
    ['POSTGRES://u@h/db', 'postgresql'],
    ['mariadb://root@h/db', 'mysql'],
    ['clickhouse+https://h:8443', 'clickhouse'],
    ['bigquery://project/dataset', 'bigquery'],
    ['snowflake://u@acct/db', 'snowflake'],
    ['sqlite:data/shop.db', 'sqlite'],
    ['file:shop.db', 'sqlite'],
    ['shop.sqlite3', 'sqlite'],
    ['oracle://h/db', undefined],
    ['constructor://x', undefined],
    ['hasOwnProperty:x', undefined],
    ['just-a-name', undefined],
  ])('engineFromUrl(%s) is %s', (url, engine) => {
    expect(engineFromUrl(url)).toBe(engine);
  });

  it('spells URL prefixes by URL form, for messages', () => {
    expect(urlPrefixes()).toEqual([
      'sqlite:',
      'file:',
      'postgres://',
      'postgresql://',
      'mysql://',
      'mariadb://',
      'clickhouse://',
      'bigquery://',
      'snowflake://',
    ]);
    expect(urlCarriesCredentials('sqlite')).toBe(false);
    expect(urlCarriesCredentials('postgresql')).toBe(true);
    expect(urlCarriesCredentials(undefined)).toBe(true);
  });

  it('finds no engine for an unknown id, and createConnector refuses it', async () => {
    expect(findEngine('oracle')).toBeUndefined();
    expect(() => engineDescriptor('oracle' as never)).toThrow(/Unknown engine/);
    await expect(
      createConnector({ id: 'x', engine: 'oracle' as never, options: {}, baseDir: '.' }),
    ).rejects.toMatchObject({ code: expect.any(String), message: expect.stringContaining('Unknown database type') });
  });

  it("loads an engine's connector module on demand", async () => {
    const module = await engineDescriptor('sqlite').load();
    const connector = module.createConnector({ id: 'x', engine: 'sqlite', options: { path: 'x.db' }, baseDir: '/tmp' });
    expect(connector.engine).toBe('sqlite');
    expect(connector.dialect).toBe(engineDescriptor('sqlite').dialect);
    await connector.close();
  });
});
