import { describe, expect, it } from 'vitest';
import { isSecretParamName, redactDeep, redactError, redactSecrets, redactUrl } from './redact.js';

describe('redactUrl', () => {
  it.each([
    ['postgresql://u:hunter2@host/db', 'postgresql://u:***@host/db'],
    ['mysql://u:At@Sign@host:3306/db', 'mysql://u:***@host:3306/db'],
    ['postgresql://u:pa/ss@host/db', 'postgresql://u:***@host/db'],
    ['postgresql://u:pa?ss@host/db', 'postgresql://u:***@host/db'],
    ['postgresql://u@host/db?password=hunter2&sslmode=require', 'postgresql://u@host/db?password=***&sslmode=require'],
    [
      'postgresql://u@host/db?sslmode=require&SSLPassword=k3y-pass',
      'postgresql://u@host/db?sslmode=require&SSLPassword=***',
    ],
    ['mysql://u@h/db?PASSWORD=x1y2z3', 'mysql://u@h/db?PASSWORD=***'],
    ['bigquery://proj/ds?accessToken=ya29.tok&location=EU', 'bigquery://proj/ds?accessToken=***&location=EU'],
    ['snowflake://u@acct/db?privateKeyPass=pp&warehouse=WH', 'snowflake://u@acct/db?privateKeyPass=***&warehouse=WH'],
    ['https://api.example.com/v1?api_key=abc123', 'https://api.example.com/v1?api_key=***'],
    ['host=db password=s3cret user=app', 'host=db password=*** user=app'],
    ["Server=x;Password='a b c';Uid=u", "Server=x;Password='***';Uid=u"],
    ['{"password":"p\\"w","user":"u"}', '{"password":"***","user":"u"}'],
    ['url=postgresql://u@h/db?password=pw123&x=1', 'url=postgresql://u@h/db?password=***&x=1'],
    ['ssl_key_passphrase=abc&SSL-Password=def', 'ssl_key_passphrase=***&SSL-Password=***'],
    [
      'failed: connect mysql://root:pw@127.0.0.1:3306/test (ECONNREFUSED)',
      'failed: connect mysql://root:***@127.0.0.1:3306/test (ECONNREFUSED)',
    ],
  ])('%s', (input, expected) => {
    expect(redactUrl(input)).toBe(expected);
  });

  it.each([
    'postgresql://u@host/db?sslmode=require',
    'postgresql://u:${PGPASSWORD}@host/db',
    'postgresql://u@host/db?sslpassword=secret:prod.url.sslpassword',
    'https://h:8080/users/me@example.com',
    'bigquery://example.com:project/dataset',
    'sqlite:/data/app.db',
    'max_tokens=100 prompt_tokens=20',
    'password: must be a string',
    'sslkey=/home/u/.postgresql/client.key privateKeyPath=keys/rsa.p8',
  ])('keeps %s', (input) => {
    expect(redactUrl(input)).toBe(input);
  });
});

it('stays linear on hostile input', () => {
  const started = Date.now();
  redactUrl(`${'a=a'.repeat(200_000)} ${'password="'.repeat(20_000)} ${'x://'.repeat(50_000)}@`);
  expect(Date.now() - started).toBeLessThan(2000);
});

describe('isSecretParamName', () => {
  it.each([
    'password',
    'PASSWORD',
    'sslpassword',
    'passphrase',
    'sslkey_passphrase',
    'secret',
    'client_secret',
    'token',
    'access_token',
    'accessToken',
    'api_key',
    'apiKey',
    'privateKey',
    'privateKeyPass',
    'private_key_passphrase',
    'credentials',
    'pwd',
    'ssl_key_passphrase',
    'db.password',
  ])('%s is secret', (name) => expect(isSecretParamName(name)).toBe(true));
  it.each([
    'sslmode',
    'sslkey',
    'sslcert',
    'privateKeyPath',
    'private_key_file',
    'user',
    'host',
    'warehouse',
    'max_tokens',
    'keyFilename',
  ])('%s is not', (name) => expect(isSecretParamName(name)).toBe(false));
});

describe('redactSecrets', () => {
  it('removes known values in raw, percent-encoded and JSON-escaped forms', () => {
    const secret = 'p@ss"w/rd';
    const text = `a ${secret} b ${encodeURIComponent(secret)} c ${JSON.stringify(secret)}`;
    const out = redactSecrets(text, [secret]);
    expect(out).not.toContain('p@ss');
    expect(out).not.toContain('w/rd');
    expect(out).not.toContain('p%40ss');
  });

  it('leaves values shorter than 3 characters alone (they would blank ordinary words)', () => {
    expect(redactSecrets('a b c', ['a', undefined, null, ''])).toBe('a b c');
  });

  it('removes the longer secret first when one contains another', () => {
    expect(redactSecrets('x abcdef y', ['abc', 'abcdef'])).toBe('x *** y');
  });

  it('redacts nested values and errors', () => {
    expect(redactDeep({ a: ['tok-123456'], b: { c: 'postgresql://u:pw@h/db' }, n: 1 }, ['tok-123456'])).toEqual({
      a: ['***'],
      b: { c: 'postgresql://u:***@h/db' },
      n: 1,
    });
    const error = Object.assign(new Error('login failed with topsecret'), { code: 'E1' });
    const copy = redactError(error, ['topsecret']) as Error & { code: string };
    expect(copy.message).toBe('login failed with ***');
    expect(copy.stack).not.toContain('topsecret');
    expect(copy.code).toBe('E1');
    const clean = new Error('nothing here');
    expect(redactError(clean, ['topsecret'])).toBe(clean);
  });
});

describe('redaction cost', () => {
  it.each(['a.', 'a-', 'a://', 'x:'])(
    'is linear on a 1 MB word made of %j (a quadratic scan takes minutes)',
    (unit) => {
      const word = unit.repeat(Math.ceil(1_000_000 / unit.length));
      const started = performance.now();
      expect(redactUrl(`${word} postgresql://u:pw@h/db`)).toMatch(/postgresql:\/\/u:\*\*\*@h\/db$/);
      expect(performance.now() - started).toBeLessThan(5_000);
    },
  );
});
