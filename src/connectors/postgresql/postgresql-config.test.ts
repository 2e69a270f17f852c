import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../errors.js';
import { postgresqlConfigSchema, postgresqlOptionsFromUrl, resolvePostgresqlConfig } from './postgresql-config.js';

describe('postgresqlOptionsFromUrl', () => {
  it('reads every part of a URL', () => {
    expect(
      postgresqlOptionsFromUrl(
        'postgresql://ana:pw@db.example.com:6543/sales?sslmode=require&connect_timeout=5&schema=a,b',
      ),
    ).toEqual({
      host: 'db.example.com',
      port: 6543,
      database: 'sales',
      user: 'ana',
      password: 'pw',
      sslmode: 'require',
      connect_timeout: 5,
      schemas: ['a', 'b'],
    });
  });

  it('accepts postgres:// and leaves unset parts out', () => {
    expect(postgresqlOptionsFromUrl('postgres://localhost/test')).toEqual({ host: 'localhost', database: 'test' });
  });

  it('decodes percent-encoded user, password and database', () => {
    const options = postgresqlOptionsFromUrl('postgresql://us%40er:p%40ss%2Fw%3Ard@host/my%20db');
    expect(options).toMatchObject({ user: 'us@er', password: 'p@ss/w:rd', database: 'my db' });
  });

  it('reads a Unix socket directory and IPv6 hosts', () => {
    expect(postgresqlOptionsFromUrl('postgresql:///test?host=/var/run/postgresql').host).toBe('/var/run/postgresql');
    expect(postgresqlOptionsFromUrl('postgresql://[::1]:5433/test')).toMatchObject({ host: '::1', port: 5433 });
  });

  it('rejects a malformed URL without repeating it (it may hold a password)', () => {
    const error = (() => {
      try {
        postgresqlOptionsFromUrl('postgresql://u:s3cr3tpw@[bad/x');
      } catch (e) {
        return e as ConfigError;
      }
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect(JSON.stringify(error!.toJSON())).not.toContain('s3cr3tpw');
    expect(error!.cause).toBeUndefined();
  });

  it('rejects another scheme and invalid parameters', () => {
    expect(() => postgresqlOptionsFromUrl('mysql://u@h/db')).toThrow(/postgresql:\/\//);
    expect(() => postgresqlOptionsFromUrl('postgresql://u@h/db?sslmode=sometimes')).toThrow(ConfigError);
    expect(() => postgresqlOptionsFromUrl('postgresql://u@h:5432/db?port=0')).toThrow(ConfigError);
  });
});

describe('resolvePostgresqlConfig', () => {
  it('lets explicit fields win over the URL', () => {
    expect(resolvePostgresqlConfig('postgresql://a:b@h1:1/d1', { host: 'h2', schemas: ['x'] })).toEqual({
      host: 'h2',
      port: 1,
      database: 'd1',
      user: 'a',
      password: 'b',
      schemas: ['x'],
    });
  });

  it('works from fields alone and validates them', () => {
    expect(resolvePostgresqlConfig(undefined, { host: 'h', port: '5432' })).toEqual({ host: 'h', port: 5432 });
    expect(() => resolvePostgresqlConfig(undefined, { port: 'abc' })).toThrow(ConfigError);
  });
});

describe('postgresqlConfigSchema', () => {
  it('marks the password secret and labels every field', () => {
    for (const [name, field] of Object.entries(postgresqlConfigSchema.shape)) {
      const meta = field.meta() as { label?: string; secret?: boolean } | undefined;
      expect(meta?.label, name).toBeTruthy();
      expect(meta?.secret === true, name).toBe(name === 'password');
    }
  });
});
