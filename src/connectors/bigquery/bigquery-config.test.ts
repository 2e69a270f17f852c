import { describe, expect, it } from 'vitest';
import { bigqueryConfigSchema, bigqueryOptionsFromUrl, DEFAULT_MAXIMUM_BYTES_BILLED } from './bigquery-config.js';

describe('bigqueryOptionsFromUrl', () => {
  it('reads project, dataset and query options', () => {
    expect(
      bigqueryOptionsFromUrl(
        'bigquery://my-proj/sales?location=EU&apiEndpoint=http%3A%2F%2F127.0.0.1%3A9050&datasets=a,%20b&maximumBytesBilled=1000',
      ),
    ).toEqual({
      projectId: 'my-proj',
      dataset: 'sales',
      location: 'EU',
      apiEndpoint: 'http://127.0.0.1:9050',
      datasets: ['a', 'b'],
      maximumBytesBilled: '1000',
    });
  });

  it('accepts domain-scoped projects, a missing dataset and a trailing slash', () => {
    expect(bigqueryOptionsFromUrl('bigquery://example.com:proj')).toEqual({ projectId: 'example.com:proj' });
    expect(bigqueryOptionsFromUrl('bigquery://p/d/')).toEqual({ projectId: 'p', dataset: 'd' });
  });

  it('ignores unknown parameters and rejects other schemes', () => {
    expect(bigqueryOptionsFromUrl('bigquery://p/d?foo=bar')).toEqual({ projectId: 'p', dataset: 'd' });
    expect(() => bigqueryOptionsFromUrl('postgres://x/y')).toThrow();
  });
});

describe('bigqueryConfigSchema', () => {
  it('defaults maximumBytesBilled to 10 GiB and coerces it from URL text', () => {
    expect(bigqueryConfigSchema.parse({ projectId: 'p' }).maximumBytesBilled).toBe(DEFAULT_MAXIMUM_BYTES_BILLED);
    expect(bigqueryConfigSchema.parse({ projectId: 'p', maximumBytesBilled: '2048' }).maximumBytesBilled).toBe(2048);
  });

  it('marks credentials and tokens as secret', () => {
    const shape = bigqueryConfigSchema.shape;
    expect(shape.credentials.meta()?.secret).toBe(true);
    expect(shape.accessToken.meta()?.secret).toBe(true);
    expect(shape.projectId.meta()?.secret).toBeUndefined();
  });

  it('rejects a malformed endpoint', () => {
    expect(bigqueryConfigSchema.safeParse({ projectId: 'p', apiEndpoint: 'not a url' }).success).toBe(false);
  });
});
