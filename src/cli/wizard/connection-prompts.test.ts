import { describe, expect, it } from 'vitest';
import { scriptedPrompts } from '../../../test/support/scripted-prompts.js';
import type { EngineType } from '../../connectors/engine-type.js';
import { postgresqlConfigSchema } from '../../connectors/postgresql/postgresql-config.js';
import { ENGINE_TYPES, engineDescriptor } from '../../connectors/registry.js';
import { askConnectionFields, fieldPrompts, suggestedName, validateAnswer } from './connection-prompts.js';

const configSchema = (engine: EngineType) => engineDescriptor(engine).configSchema;

describe('fieldPrompts', () => {
  it('derives one question per PostgreSQL config field from its zod type and .meta()', () => {
    const prompts = fieldPrompts(postgresqlConfigSchema);
    expect(prompts.map((p) => [p.key, p.kind, p.secret])).toEqual([
      ['host', 'text', false],
      ['port', 'number', false],
      ['database', 'text', false],
      ['user', 'text', false],
      ['password', 'text', true],
      ['sslmode', 'choice', false],
      ['schemas', 'list', false],
      ['connect_timeout', 'number', false],
    ]);
    expect(prompts.find((p) => p.key === 'sslmode')!.choices).toEqual([
      'disable',
      'prefer',
      'require',
      'verify-ca',
      'verify-full',
      'no-verify',
    ]);
    expect(prompts[0]).toMatchObject({ label: 'Host', description: expect.stringContaining('default localhost') });
  });

  it.each(ENGINE_TYPES)('every %s field has a label and a description', (engine) => {
    for (const prompt of fieldPrompts(configSchema(engine))) {
      expect(prompt.label, prompt.key).not.toBe(prompt.key);
      expect(prompt.description, prompt.key).toBeTruthy();
    }
  });

  it('marks secrets from .meta({secret}) and keeps schema defaults', () => {
    const bigquery = fieldPrompts(configSchema('bigquery'));
    expect(bigquery.filter((p) => p.secret).map((p) => p.key)).toEqual(['credentials', 'accessToken']);
    expect(bigquery.find((p) => p.key === 'maximumBytesBilled')).toMatchObject({
      kind: 'number',
      schemaDefault: 10 * 1024 ** 3,
    });
    expect(bigquery.find((p) => p.key === 'datasets')!.kind).toBe('list');
    expect(fieldPrompts(configSchema('mysql')).find((p) => p.key === 'ssl')!.kind).toBe('boolean');
  });

  it('validates an answer with the field schema; empty means unset', () => {
    const port = fieldPrompts(postgresqlConfigSchema).find((p) => p.key === 'port')!;
    expect(validateAnswer(port, '5432')).toBe(true);
    expect(validateAnswer(port, '')).toBe(true);
    expect(validateAnswer(port, 'abc')).toMatch(/number/i);
    expect(validateAnswer(port, '70000')).toMatch(/65535|less/i);
  });
});

describe('askConnectionFields', () => {
  it('asks text with input, secrets with password, enums with select; parses the answers', async () => {
    const prompts = scriptedPrompts([
      { ask: /^Host/, answer: ' db.internal ' },
      { ask: /^Port/, answer: '6543' },
      { ask: /^Database/, answer: 'analytics' },
      { ask: /^User/, answer: 'reader' },
      { ask: /^Password.*leave empty for none/, answer: 's3cret' },
      { ask: /^SSL mode/, answer: 'require' },
      { ask: /^Schemas/, answer: 'public, sales' },
      { ask: /^Connect timeout/, answer: '' },
    ]);
    const answers = await askConnectionFields(prompts, 'postgresql');
    expect(answers).toEqual({
      fields: {
        host: 'db.internal',
        port: 6543,
        database: 'analytics',
        user: 'reader',
        password: 's3cret',
        sslmode: 'require',
        schemas: ['public', 'sales'],
      },
      secretKeys: ['password'],
    });
    expect(prompts.remaining()).toBe(0);
  });

  it('pre-fills an edit; a secret left empty keeps the stored reference', async () => {
    const previous = { host: '127.0.0.1', port: 5999, password: 'secret:pg.password', sslmode: 'disable' };
    const prompts = scriptedPrompts([
      { ask: /^Host/ },
      { ask: /^Port/, answer: '5432' },
      { ask: /^Database/ },
      { ask: /^User/ },
      { ask: /^Password.*keep the current one/, answer: '' },
      { ask: /^SSL mode/ },
      { ask: /^Schemas/ },
      { ask: /^Connect timeout/ },
    ]);
    const answers = await askConnectionFields(prompts, 'postgresql', previous);
    expect(answers).toEqual({
      fields: { host: '127.0.0.1', port: 5432, password: 'secret:pg.password', sslmode: 'disable' },
      secretKeys: ['password'],
    });
  });

  it('does not store a schema default left as it is, nor booleans left off', async () => {
    const bigquery = scriptedPrompts(
      fieldPrompts(configSchema('bigquery')).map((p) => ({
        ask: new RegExp(`^${p.label}`),
        answer: p.key === 'projectId' ? 'my-project' : undefined,
      })),
    );
    expect((await askConnectionFields(bigquery, 'bigquery')).fields).toEqual({ projectId: 'my-project' });
    const mysql = scriptedPrompts(
      fieldPrompts(configSchema('mysql')).map((p) => ({
        ask: new RegExp(`^${p.label}`),
        answer: p.key === 'database' ? 'shop' : undefined,
      })),
    );
    expect((await askConnectionFields(mysql, 'mysql')).fields).toEqual({ database: 'shop' });
  });
});

describe('suggestedName', () => {
  it('uses the database, dataset or file name, else the engine', () => {
    expect(suggestedName('postgresql', { database: 'analytics' })).toBe('analytics');
    expect(suggestedName('bigquery', { projectId: 'p', dataset: 'events' })).toBe('events');
    expect(suggestedName('sqlite', { path: 'data/shop.sqlite' })).toBe('shop');
    expect(suggestedName('clickhouse', {})).toBe('clickhouse');
  });
});
