import type { EngineDescriptor } from '../engine-descriptor.js';
import { mysqlConfigSchema } from './mysql-config.js';
import { mysqlDialect } from './mysql-dialect.js';

/** MySQL and MariaDB over mysql2 (imported with the connector). The dialect is MySQL's until the connector
 * learns the server is MariaDB (`mariadbDialect`). */
export const mysqlDescriptor: EngineDescriptor<'mysql'> = {
  id: 'mysql',
  name: 'MySQL',
  label: 'MySQL / MariaDB',
  urlSchemes: ['mysql', 'mariadb'],
  urlForm: 'authority',
  configSchema: mysqlConfigSchema,
  dialect: mysqlDialect,
  load: () => import('./mysql-connector.js'),
};
