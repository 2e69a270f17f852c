import type { EngineDescriptor } from '../engine-descriptor.js';
import { postgresqlConfigSchema } from './postgresql-config.js';
import { postgresqlDialect } from './postgresql-dialect.js';

/** PostgreSQL over node-postgres (`pg`, imported with the connector). */
export const postgresqlDescriptor: EngineDescriptor<'postgresql'> = {
  id: 'postgresql',
  name: 'PostgreSQL',
  label: 'PostgreSQL',
  urlSchemes: ['postgres', 'postgresql'],
  urlForm: 'authority',
  configSchema: postgresqlConfigSchema,
  dialect: postgresqlDialect,
  load: () => import('./postgresql-connector.js'),
};
