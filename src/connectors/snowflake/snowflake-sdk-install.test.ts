import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConnectionError } from '../../errors.js';
import { SNOWFLAKE_SDK_INSTALL, SNOWFLAKE_SDK_RANGE, snowflakeSdkImportError } from './snowflake-sdk-install.js';

const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as {
  dependencies: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
};

describe('snowflake-sdk as an optional peer dependency', () => {
  it('is declared as an optional peer with the range the install hint names, not installed with datachat', () => {
    expect(pkg.dependencies['snowflake-sdk']).toBeUndefined();
    expect(pkg.peerDependencies?.['snowflake-sdk']).toBe(SNOWFLAKE_SDK_RANGE);
    expect(pkg.peerDependenciesMeta?.['snowflake-sdk']?.optional).toBe(true);
    expect(SNOWFLAKE_SDK_INSTALL).toBe(`npm install -g snowflake-sdk@${SNOWFLAKE_SDK_RANGE}`);
  });

  it('turns "cannot find snowflake-sdk" into a connection error saying exactly what to run', () => {
    const notFound = Object.assign(new Error("Cannot find package 'snowflake-sdk' imported from /x/dist/bundle/a.js"), {
      code: 'ERR_MODULE_NOT_FOUND',
    });
    const error = snowflakeSdkImportError(notFound) as ConnectionError;
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.exitCode).toBe(1);
    expect(error.hint).toContain('`npm install -g snowflake-sdk@^');
    expect(error.cause).toBe(notFound);
  });

  it('leaves other failures alone (a broken install, another missing module)', () => {
    const other = Object.assign(new Error("Cannot find package '@azure/storage-blob' imported from /x"), {
      code: 'ERR_MODULE_NOT_FOUND',
    });
    expect(snowflakeSdkImportError(other)).toBe(other);
    const broken = new SyntaxError('Unexpected token');
    expect(snowflakeSdkImportError(broken)).toBe(broken);
  });
});
