import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ConnectionError, QueryError } from '../errors.js';
import { NETWORK_CODES, networkCode, redactedCause, wrapDriverError } from './driver-errors.js';

const withFields = (message: string, fields: Record<string, unknown>) => Object.assign(new Error(message), fields);

describe('networkCode', () => {
  it.each([
    [withFields('x', { code: 'ECONNREFUSED' }), 'ECONNREFUSED'],
    [withFields('x', { errno: 'EAI_AGAIN' }), 'EAI_AGAIN'],
    [new Error('request to https://h failed, reason: connect ETIMEDOUT 10.0.0.1:443'), 'ETIMEDOUT'],
    [
      withFields('fetch failed', { cause: withFields('socket', { code: 'UND_ERR_CONNECT_TIMEOUT' }) }),
      'UND_ERR_CONNECT_TIMEOUT',
    ],
    [withFields('x', { code: 'ER_ACCESS_DENIED_ERROR' }), undefined],
    [new Error('column "econnrefused" does not exist'), undefined],
    [undefined, undefined],
  ])('%s → %s', (error, code) => {
    expect(networkCode(error)).toBe(code);
  });

  it('unions the codes the connectors listed apart, and takes engine extras', () => {
    for (const code of ['ECONNRESET', 'ECONNABORTED', 'EPIPE', 'EHOSTUNREACH', 'UND_ERR_CONNECT_TIMEOUT']) {
      expect(NETWORK_CODES.has(code), code).toBe(true);
    }
    expect(networkCode(new Error('x CERT_HAS_EXPIRED y'))).toBeUndefined();
    expect(networkCode(new Error('x CERT_HAS_EXPIRED y'), /\b(CERT_\w+)\b/)).toBe('CERT_HAS_EXPIRED');
  });

  it('stops on a cause cycle', () => {
    const a: Error & { cause?: unknown } = new Error('a');
    a.cause = a;
    expect(networkCode(a)).toBeUndefined();
  });
});

describe('redactedCause', () => {
  it('keeps a clean driver error as it is, fields and all', () => {
    const error = withFields('syntax error at or near "SELEC"', { code: '42601', position: '1' });
    expect(redactedCause(error, ['s3cr3tpw'])).toBe(error);
  });

  it('replaces an error showing a secret, a URL password or a password= parameter with a redacted copy', () => {
    for (const message of [
      'login failed: s3cr3tpw',
      'cannot open postgresql://ana:hunter22@db/x',
      'Host=db;Password=hunter22;',
    ]) {
      const error = withFields(message, { code: 'E1', errno: 1045, sqlState: '28000', sqlMessage: message });
      const copy = redactedCause(error, ['s3cr3tpw']) as Error & Record<string, unknown>;
      expect(copy).not.toBe(error);
      const shown = inspect(copy, { depth: 6 });
      expect(shown).not.toMatch(/s3cr3tpw|hunter22/);
      expect(copy).toMatchObject({ code: 'E1', errno: 1045, sqlState: '28000' });
    }
  });

  it('replaces any error carrying an HTTP request (its Authorization header) and redacts nested reasons', () => {
    const error = withFields('Request failed', {
      code: 403,
      config: { headers: { Authorization: 'Bearer ya29.token' } },
      errors: [{ reason: 'accessDenied', message: 'token ya29.token denied' }],
    });
    const copy = redactedCause(error, ['ya29.token']) as Error & Record<string, unknown>;
    expect(copy).not.toHaveProperty('config');
    expect(copy.errors).toEqual([{ reason: 'accessDenied', message: 'token *** denied' }]);
    expect(inspect(copy, { depth: 6 })).not.toContain('ya29.token');
  });

  it('redacts a thrown string and leaves other values alone', () => {
    expect(redactedCause('boom s3cr3tpw', ['s3cr3tpw'])).toBe('boom ***');
    expect(redactedCause(42, ['s3cr3tpw'])).toBe(42);
  });
});

describe('wrapDriverError', () => {
  it('passes errors already ours through unchanged', () => {
    const ours = new QueryError('Query cancelled.');
    expect(wrapDriverError(ours, [], () => new ConnectionError('never'))).toBe(ours);
  });

  it('gives the mapping a redacted message, a safe cause and the network code', () => {
    const error = withFields('connect ECONNREFUSED as ana:s3cr3tpw', { code: 'ECONNREFUSED' });
    const wrapped = wrapDriverError(error, ['s3cr3tpw'], ({ detail, cause, network }) => {
      expect(detail).toBe('connect ECONNREFUSED as ana:***');
      expect(network).toBe('ECONNREFUSED');
      return new ConnectionError(`Cannot reach: ${detail}`, { cause });
    });
    expect(wrapped).toBeInstanceOf(ConnectionError);
    expect(inspect(wrapped, { depth: 6 })).not.toContain('s3cr3tpw');
  });

  it("prefers the server's message where the driver keeps one apart (mysql2 sqlMessage)", () => {
    const error = withFields("ER_NO_SUCH_TABLE: Table 'x' doesn't exist", { sqlMessage: "Table 'x' doesn't exist" });
    const wrapped = wrapDriverError(error, [], ({ detail }) => new QueryError(detail));
    expect(wrapped.message).toBe("Table 'x' doesn't exist");
  });
});
