import type { EngineDescriptor } from '../engine-descriptor.js';
import { bigqueryConfigSchema } from './bigquery-config.js';
import { bigqueryDialect } from './bigquery-dialect.js';

/** BigQuery over its REST API (@google-cloud/bigquery, imported with the connector). */
export const bigqueryDescriptor: EngineDescriptor<'bigquery'> = {
  id: 'bigquery',
  name: 'BigQuery',
  label: 'BigQuery',
  urlSchemes: ['bigquery'],
  urlForm: 'authority',
  configSchema: bigqueryConfigSchema,
  dialect: bigqueryDialect,
  load: () => import('./bigquery-connector.js'),
};
