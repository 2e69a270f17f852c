import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SecretStore } from './secret-store.js';

const dirs: string[] = [];
const temp = () => {
  const d = mkdtempSync(join(tmpdir(), 'datachat-secrets-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('SecretStore', () => {
  it('encrypts at rest with a 0600 file and decrypts with the same key', () => {
    const dir = temp();
    const file = join(dir, 'secrets.json');
    const store = new SecretStore(file, { DATACHAT_SECRET_KEY: 'k1' });
    store.set('wh.password', 'hunter2-plaintext');
    expect(readFileSync(file, 'utf8')).not.toContain('hunter2');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(new SecretStore(file, { DATACHAT_SECRET_KEY: 'k1' }).get('wh.password')).toBe('hunter2-plaintext');
    expect(store.resolve('secret:wh.password')).toBe('hunter2-plaintext');
    expect(store.resolve('plain')).toBe('plain');
  });

  it('fails clearly with another key instead of returning garbage', () => {
    const file = join(temp(), 'secrets.json');
    new SecretStore(file, { DATACHAT_SECRET_KEY: 'k1' }).set('a', 'value');
    expect(() => new SecretStore(file, { DATACHAT_SECRET_KEY: 'k2' }).get('a')).toThrow(/Cannot decrypt secret "a"/);
  });

  it('generates a 0600 key file in the config folder when no key is given', () => {
    const home = temp();
    const file = join(temp(), 'secrets.json');
    const store = new SecretStore(file, { XDG_CONFIG_HOME: home });
    store.set('x', 'y');
    const keyFile = join(home, 'datachat', 'secret.key');
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(new SecretStore(file, { XDG_CONFIG_HOME: home }).get('x')).toBe('y');
  });

  it('removes entries by connection prefix only', () => {
    const file = join(temp(), 'secrets.json');
    const store = new SecretStore(file, { DATACHAT_SECRET_KEY: 'k' });
    store.set('wh.password', 'a');
    store.set('wh2.password', 'b');
    store.removePrefix('wh');
    expect(store.get('wh.password')).toBeUndefined();
    expect(store.get('wh2.password')).toBe('b');
    expect(() => store.resolve('secret:wh.password')).toThrow(/missing/);
  });

  it('resolves secret references in a URL query, percent-encoded, and lists values for redaction', () => {
    const file = join(temp(), 'secrets.json');
    const store = new SecretStore(file, { DATACHAT_SECRET_KEY: 'k' });
    store.set('pg.url.sslpassword', 'a&b=c');
    store.set('pg.url.api_key', 'key-1');
    const url =
      'postgresql://u@h/db?sslpassword=secret:pg.url.sslpassword&sslmode=require&api_key=secret:pg.url.api_key';
    expect(store.resolve(url)).toBe('postgresql://u@h/db?sslpassword=a%26b%3Dc&sslmode=require&api_key=key-1');
    expect(new URL(store.resolve(url)).searchParams.get('sslpassword')).toBe('a&b=c');
    expect(store.resolve('postgresql://u@h/db?sslmode=require')).toBe('postgresql://u@h/db?sslmode=require');
    expect(() => store.resolve('postgresql://u@h/db?token=secret:pg.url.token')).toThrow(/missing/);
    expect(store.values().sort()).toEqual(['a&b=c', 'key-1']);
  });
});
