import { ConnectionError } from '../../errors.js';

/**
 * The snowflake-sdk versions datachat works with: package.json lists snowflake-sdk as an optional peer
 * dependency with this range (a test keeps the two equal). It is not installed with datachat: it and its
 * AWS/Azure SDKs are 134 packages and ~69 MB, over a quarter of an install, for one engine of six.
 */
export const SNOWFLAKE_SDK_RANGE = '^3.3.0';

/** The command that makes Snowflake connections work, for a global datachat and for a project dependency. */
export const SNOWFLAKE_SDK_INSTALL = `npm install -g snowflake-sdk@${SNOWFLAKE_SDK_RANGE}`;

/**
 * The error for a failed `import('snowflake-sdk')`: when the package is not installed, one that says exactly
 * what to run; any other failure (a broken install) is returned unchanged.
 */
export function snowflakeSdkImportError(error: unknown): unknown {
  const { code, message } = (error ?? {}) as { code?: string; message?: string };
  const missing =
    (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') && /['"]snowflake-sdk['"/]/.test(message ?? '');
  if (!missing) return error;
  return new ConnectionError('Snowflake connections need the snowflake-sdk package, which is not installed.', {
    hint: `Install it next to datachat: \`${SNOWFLAKE_SDK_INSTALL}\` (or \`npm install snowflake-sdk@${SNOWFLAKE_SDK_RANGE}\` in the project that has datachat as a dependency), then try again.`,
    cause: error,
  });
}
