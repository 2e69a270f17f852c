import type { EngineDescriptor } from '../engine-descriptor.js';
import { sqliteConfigSchema } from './sqlite-config.js';
import { sqliteDialect } from './sqlite-dialect.js';

/** SQLite: a file opened read-only by better-sqlite3 (imported with the connector). */
export const sqliteDescriptor: EngineDescriptor<'sqlite'> = {
  id: 'sqlite',
  name: 'SQLite',
  label: 'SQLite file',
  urlSchemes: ['sqlite', 'file'],
  urlForm: 'path',
  configSchema: sqliteConfigSchema,
  dialect: sqliteDialect,
  load: () => import('./sqlite-connector.js'),
};
