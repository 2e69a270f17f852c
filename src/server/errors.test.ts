import { describe, expect, it } from 'vitest';
import { ConflictError, NotFoundError, UsageError } from '../errors.js';
import { statusOf, toHttpError } from './errors.js';

describe('the conflict error code', () => {
  it('exits 2 on the CLI and answers 409 with the blamed field over HTTP', () => {
    const error = new ConflictError('Connection "warehouse" already exists.', {
      hint: 'Pick another name.',
      field: 'name',
    });
    expect(error.code).toBe('conflict');
    expect(error.exitCode).toBe(2);
    expect(statusOf(error)).toBe(409);
    expect(toHttpError(error, [])).toEqual({
      status: 409,
      body: {
        error: 'conflict',
        message: 'Connection "warehouse" already exists.',
        hint: 'Pick another name.',
        field: 'name',
        in: 'body',
      },
    });
  });

  it('keeps the other exit-2 errors on their own statuses', () => {
    expect(statusOf(new NotFoundError('x'))).toBe(404);
    expect(statusOf(new UsageError('x'))).toBe(400);
  });
});
