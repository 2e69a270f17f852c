import type { EngineDescriptor } from '../engine-descriptor.js';
import { snowflakeConfigSchema } from './snowflake-config.js';
import { snowflakeDialect } from './snowflake-dialect.js';

/** Snowflake through snowflake-sdk (~400 ms to import: loaded on the first connection). */
export const snowflakeDescriptor: EngineDescriptor<'snowflake'> = {
  id: 'snowflake',
  name: 'Snowflake',
  label: 'Snowflake',
  urlSchemes: ['snowflake'],
  urlForm: 'authority',
  configSchema: snowflakeConfigSchema,
  dialect: snowflakeDialect,
  load: () => import('./snowflake-connector.js'),
};
