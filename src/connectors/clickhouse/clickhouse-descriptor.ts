import type { EngineDescriptor } from '../engine-descriptor.js';
import { clickhouseConfigSchema } from './clickhouse-config.js';
import { clickhouseDialect } from './clickhouse-dialect.js';

/** ClickHouse over its HTTP interface (@clickhouse/client, imported with the connector). */
export const clickhouseDescriptor: EngineDescriptor<'clickhouse'> = {
  id: 'clickhouse',
  name: 'ClickHouse',
  label: 'ClickHouse',
  urlSchemes: ['clickhouse'],
  urlForm: 'authority',
  configSchema: clickhouseConfigSchema,
  dialect: clickhouseDialect,
  load: () => import('./clickhouse-connector.js'),
};
