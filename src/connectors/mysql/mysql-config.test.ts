import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../errors.js';
import { mysqlConfigSchema, mysqlOptionsFromUrl, resolveMysqlConfig } from './mysql-config.js';
import { redactSecrets } from '../../util/redact.js';

describe('mysqlOptionsFromUrl', () => {
  it('reads every part of a mysql:// URL, percent-decoding credentials', () => {
    expect(mysqlOptionsFromUrl('mysql://ana:p%40ss%3Aw0rd@db.example.com:3307/shop?ssl=true')).toEqual({
      host: 'db.example.com',
      port: 3307,
      user: 'ana',
      password: 'p@ss:w0rd',
      database: 'shop',
      ssl: true,
    });
  });

  it('marks mariadb:// URLs as MariaDB and leaves absent parts out', () => {
    expect(mysqlOptionsFromUrl('mariadb://localhost')).toEqual({ host: 'localhost', flavour: 'mariadb' });
    expect(mysqlOptionsFromUrl('mysql://root@127.0.0.1/')).toEqual({ host: '127.0.0.1', user: 'root' });
  });

  it.each([
    ['ssl=false', false],
    ['sslmode=REQUIRED', true],
    ['ssl-mode=disabled', false],
    ['ssl=1', true],
  ])('reads %s', (query, ssl) => {
    expect(mysqlOptionsFromUrl(`mysql://h/db?${query}`).ssl).toBe(ssl);
  });

  it('strips IPv6 brackets', () => {
    expect(mysqlOptionsFromUrl('mysql://u@[::1]:3306/db').host).toBe('::1');
  });

  it('refuses other schemes and malformed URLs without echoing them', () => {
    expect(() => mysqlOptionsFromUrl('postgres://u:pw@h/db')).toThrow(ConfigError);
    const error = (() => {
      try {
        mysqlOptionsFromUrl('mysql://user:hunter2secret@:bad:port/db');
      } catch (e) {
        return e as Error;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect(
      JSON.stringify({ m: error!.message, c: String((error as Error & { cause?: unknown }).cause) }),
    ).not.toContain('hunter2secret');
  });
});

describe('resolveMysqlConfig', () => {
  it('applies defaults', () => {
    expect(resolveMysqlConfig({ id: 'x', options: {} })).toEqual({
      host: '127.0.0.1',
      port: 3306,
      user: 'root',
      password: undefined,
      database: undefined,
      ssl: false,
      flavour: undefined,
    });
  });

  it('lets fields override the URL', () => {
    const config = resolveMysqlConfig({
      id: 'x',
      url: 'mysql://a:b@h1:1/db1',
      options: { host: 'h2', port: '3310', database: 'db2' },
    });
    expect(config).toMatchObject({ host: 'h2', port: 3310, user: 'a', password: 'b', database: 'db2' });
  });

  it('reports invalid fields by name, never by value', () => {
    try {
      resolveMysqlConfig({ id: 'x', options: { port: 'not-a-port', password: 12345678 } });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as Error).message).toMatch(/port/);
      expect((error as Error).message).not.toContain('12345678');
    }
  });

  it('marks the password as secret in the schema metadata', () => {
    expect(mysqlConfigSchema.shape.password.meta()).toMatchObject({ secret: true });
    expect(mysqlConfigSchema.shape.host.meta()).toMatchObject({ label: 'Host' });
  });
});

describe('redactSecrets (mysql messages)', () => {
  it('removes the password and URL credentials from messages', () => {
    expect(redactSecrets("Access denied (using 'sekret-pw')", ['sekret-pw'])).toBe("Access denied (using '***')");
    expect(redactSecrets('failed mysql://u:pw@host/db', [])).toBe('failed mysql://u:***@host/db');
    expect(redactSecrets('plain message', [])).toBe('plain message');
  });
});
