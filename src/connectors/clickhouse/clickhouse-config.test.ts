import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../errors.js';
import { clickhouseConfigFromUrl, clickhouseConfigSchema, resolveClickhouseOptions } from './clickhouse-config.js';

describe('clickhouseConfigFromUrl', () => {
  it.each([
    ['clickhouse://127.0.0.1:8123/db', { host: '127.0.0.1', port: 8123, database: 'db', secure: false }],
    [
      'clickhouse://user:p%40ss@host/analytics',
      { host: 'host', username: 'user', password: 'p@ss', database: 'analytics', secure: false },
    ],
    ['clickhouse+https://host:8443/db', { host: 'host', port: 8443, database: 'db', secure: true }],
    ['clickhouse://host/db?secure=true', { host: 'host', database: 'db', secure: true }],
    ['clickhouse://host?database=x', { host: 'host', database: 'x', secure: false }],
    ['clickhouse://[::1]:8123/', { host: '::1', port: 8123, secure: false }],
  ])('%s', (url, expected) => {
    expect(clickhouseConfigFromUrl(url)).toEqual(expected);
  });

  it('never repeats a malformed URL (it may hold a password)', () => {
    const error = (() => {
      try {
        clickhouseConfigFromUrl('clickhouse://user:Sup3rSecret@ho st:bad/db');
      } catch (e) {
        return e as ConfigError;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect(JSON.stringify(error!.toJSON())).not.toContain('Sup3rSecret');
    expect(error!.message).not.toContain('Sup3rSecret');
    expect(error!.cause).toBeUndefined();
  });
});

describe('resolveClickhouseOptions', () => {
  it('applies defaults', () => {
    expect(resolveClickhouseOptions(undefined, {})).toEqual({
      host: 'localhost',
      port: 8123,
      secure: false,
      username: 'default',
      password: '',
    });
    expect(resolveClickhouseOptions(undefined, { secure: true })).toMatchObject({ port: 8443, secure: true });
  });

  it('lets fields override the URL', () => {
    expect(resolveClickhouseOptions('clickhouse://a:b@h:1/db1', { database: 'db2', port: '9999' })).toEqual({
      host: 'h',
      port: 9999,
      secure: false,
      username: 'a',
      password: 'b',
      database: 'db2',
    });
  });

  it('reports invalid fields as a ConfigError', () => {
    expect(() => resolveClickhouseOptions(undefined, { port: 'abc' })).toThrow(ConfigError);
  });

  it('marks the password as secret in the schema metadata', () => {
    expect(clickhouseConfigSchema.shape.password.meta()).toMatchObject({ secret: true });
    expect(clickhouseConfigSchema.shape.host.meta()).toMatchObject({ label: 'Host' });
  });
});
