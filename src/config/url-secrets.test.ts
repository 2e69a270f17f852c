import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors.js';
import { passwordParamToUserinfo, splitUrlSecrets } from './url-secrets.js';

describe('splitUrlSecrets', () => {
  it.each([
    ['postgresql://u:hunter2@host/db', 'postgresql://u@host/db', 'hunter2'],
    ['postgresql://u:p%40ss%3Aw%2Frd@host:5432/db', 'postgresql://u@host:5432/db', 'p@ss:w/rd'],
    ['postgresql://u@host/db?password=hunter2', 'postgresql://u@host/db', 'hunter2'],
    [
      'postgresql://u@host/db?sslmode=require&Password=a%26b&application_name=x',
      'postgresql://u@host/db?sslmode=require&application_name=x',
      'a&b',
    ],
    ['mysql://u@h:3306/db?PWD=x', 'mysql://u@h:3306/db', 'x'],
    ['mariadb://u:same@h/db?password=same', 'mariadb://u@h/db', 'same'],
    ['clickhouse://default:ch-pw@h:8123/db', 'clickhouse://default@h:8123/db', 'ch-pw'],
  ])('%s → %s', (input, url, password) => {
    expect(splitUrlSecrets(input, 'c')).toEqual({ url, password, params: [] });
  });

  it('moves other secret parameters to references, any case', () => {
    const split = splitUrlSecrets(
      'postgresql://u@h/db?sslmode=verify-full&sslpassword=k%2By&SSLKEY=client.key&api_key=abc',
      'prod',
    );
    expect(split.url).toBe(
      'postgresql://u@h/db?sslmode=verify-full&sslpassword=secret:prod.url.sslpassword&SSLKEY=client.key&api_key=secret:prod.url.api_key',
    );
    expect(split.params).toEqual([
      { name: 'sslpassword', key: 'prod.url.sslpassword', value: 'k+y' },
      { name: 'api_key', key: 'prod.url.api_key', value: 'abc' },
    ]);
    expect(split.password).toBeUndefined();
  });

  it('moves BigQuery and Snowflake credentials in the query', () => {
    expect(splitUrlSecrets('bigquery://example.com:proj/ds?accessToken=ya29.x&location=EU', 'bq').url).toBe(
      'bigquery://example.com:proj/ds?accessToken=secret:bq.url.accessToken&location=EU',
    );
    const sf = splitUrlSecrets('snowflake://u:pw@acct/db/PUBLIC?warehouse=WH&privateKeyPass=pp', 'sf');
    expect(sf).toMatchObject({
      url: 'snowflake://u@acct/db/PUBLIC?warehouse=WH&privateKeyPass=secret:sf.url.privateKeyPass',
      password: 'pw',
    });
  });

  it.each([
    'postgresql://u:${PGPASSWORD}@host/db',
    'postgresql://u@host/db?sslpassword=secret:x.url.sslpassword',
    'postgresql://u@host/db?sslmode=require',
    'postgresql://host:5432/db?user=me@example.com',
    'sqlite:///weird:na@me/x.db',
    'bigquery://example.com:project/dataset',
  ])('leaves %s as it is', (input) => {
    expect(splitUrlSecrets(input, 'c')).toEqual({ url: input, params: [] });
  });

  it.each([
    ['postgresql://u:At@Sign@host/db', '@', '%40'],
    ['mysql://root:a:b@h/db', ':', '%3A'],
    ['postgresql://u:pa/ss@host/db', '/', '%2F'],
    ['postgresql://u:pa?ss@host/db', '?', '%3F'],
    ['postgresql://u:pa#ss@host/db', '#', '%23'],
    ['postgresql://u:100%zz@host/db', '%', '%25'],
  ])('refuses malformed userinfo %s with a hint to percent-encode', (input, char, encoded) => {
    let error: unknown;
    try {
      splitUrlSecrets(input, 'c');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const e = error as ConfigError;
    expect(e.message).toContain(`"${char}"`);
    expect(e.hint).toContain(encoded);
    const password = input.slice(input.indexOf(':', input.indexOf('//')) + 1, input.lastIndexOf('@'));
    expect(`${e.message} ${e.hint}`).not.toContain(password);
  });

  it('refuses two different passwords', () => {
    expect(() => splitUrlSecrets('postgresql://u:one@h/db?password=two', 'c')).toThrow(ConfigError);
  });

  it('keeps a ?password=${ENV} reference as the connection password', () => {
    expect(splitUrlSecrets('mysql://u@host/db?ssl=true&password=${DB_PW}', 'c')).toEqual({
      url: 'mysql://u@host/db?ssl=true',
      passwordReference: '${DB_PW}',
      params: [],
    });
  });
});

describe('passwordParamToUserinfo', () => {
  it.each([
    ['mysql://u@h:3306/db?password=p%40ss&ssl=true', 'mysql://u:p%40ss@h:3306/db?ssl=true'],
    ['postgresql://u@h/db?PWD=a%26b', 'postgresql://u:a%26b@h/db'],
    ['postgresql://u:x@h/db?password=y', 'postgresql://u:x@h/db?password=y'],
    ['postgresql://h/db?user=u&password=y', 'postgresql://h/db?user=u&password=y'],
    ['postgresql://u@h/db?sslmode=require', 'postgresql://u@h/db?sslmode=require'],
    ['sqlite:///a@b/x.db?password=y', 'sqlite:///a@b/x.db?password=y'],
  ])('%s → %s', (input, expected) => {
    expect(passwordParamToUserinfo(input)).toBe(expected);
  });
});
