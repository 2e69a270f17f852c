import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../errors.js';
import { resolveSnowflakeConfig, snowflakeConfigSchema, snowflakeOptionsFromUrl } from './snowflake-config.js';

describe('snowflakeOptionsFromUrl', () => {
  it('reads user, password, account, database, schema, warehouse and role', () => {
    expect(
      snowflakeOptionsFromUrl('snowflake://alice:p%40ss%2Fword@myorg-acct/SALES/PUBLIC?warehouse=WH&role=READER'),
    ).toEqual({
      account: 'myorg-acct',
      username: 'alice',
      password: 'p@ss/word',
      database: 'SALES',
      schema: 'PUBLIC',
      warehouse: 'WH',
      role: 'READER',
    });
  });

  it('accepts a full host name, a missing schema and an accessUrl parameter', () => {
    const config = snowflakeOptionsFromUrl(
      'snowflake://bob@xy12345.eu-west-1.snowflakecomputing.com/DB?accessUrl=http%3A%2F%2F127.0.0.1%3A8080',
    );
    expect(config).toEqual({
      account: 'xy12345.eu-west-1',
      username: 'bob',
      database: 'DB',
      accessUrl: 'http://127.0.0.1:8080',
    });
  });

  it('rejects other schemes and malformed URLs without echoing the password', () => {
    expect(() => snowflakeOptionsFromUrl('postgres://u:pw@h/db')).toThrow(ConfigError);
    try {
      snowflakeOptionsFromUrl('snowflake://u:topsecretpw@[bad/db');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect(JSON.stringify((error as ConfigError).toJSON())).not.toContain('topsecretpw');
      expect((error as Error).message).not.toContain('topsecretpw');
    }
  });

  it('reports invalid parameters as config issues', () => {
    expect(() => snowflakeOptionsFromUrl('snowflake://u@acct/db?statementTimeoutSeconds=-5')).toThrow(
      /invalid parameters/,
    );
  });
});

describe('resolveSnowflakeConfig', () => {
  it('lets explicit fields win over the URL', () => {
    expect(
      resolveSnowflakeConfig('snowflake://u:pw@acct/DB/S?warehouse=WH', { warehouse: 'OTHER', role: 'R' }),
    ).toMatchObject({
      account: 'acct',
      database: 'DB',
      schema: 'S',
      warehouse: 'OTHER',
      role: 'R',
      password: 'pw',
    });
  });

  it('marks credentials as secret in the schema metadata and recommends a read-only role', () => {
    const meta = (field: keyof typeof snowflakeConfigSchema.shape) =>
      snowflakeConfigSchema.shape[field].meta() as { secret?: boolean; description?: string };
    expect(meta('password').secret).toBe(true);
    expect(meta('privateKey').secret).toBe(true);
    expect(meta('privateKeyPath').secret).toBe(true);
    expect(meta('privateKeyPass').secret).toBe(true);
    expect(meta('account').secret).toBeUndefined();
    expect(meta('role').description).toMatch(/read-only role/i);
  });

  it('rejects invalid fields', () => {
    expect(() => resolveSnowflakeConfig(undefined, { accessUrl: 'not a url' })).toThrow(ConfigError);
  });
});
