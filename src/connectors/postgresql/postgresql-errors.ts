import { ConnectionError, type DatachatError, QueryError } from '../../errors.js';
import { wrapDriverError } from '../driver-errors.js';
import type { PostgresqlConfig } from './postgresql-config.js';

/** What node-postgres puts on its errors (server errors carry the SQLSTATE as `code`). */
interface PgDriverError {
  code?: string;
  message?: string;
  position?: string;
  /** An AggregateError of a host with several addresses. */
  errors?: { code?: string }[];
}

function where(config: PostgresqlConfig): string {
  return `${config.host ?? 'localhost'}:${config.port ?? 5432}${config.database ? `/${config.database}` : ''}`;
}

/** Driver errors at connect time, with a distinct message and hint per common cause. */
export function postgresqlConnectionError(error: unknown, config: PostgresqlConfig): ConnectionError {
  return wrapDriverError(error, [config.password], ({ detail: message, cause }) => {
    const e = error as PgDriverError;
    const code = e.code ?? e.errors?.[0]?.code;
    const user = config.user ?? 'the default user';
    const at = where(config);
    const options = { cause, details: code ? { code } : undefined };
    if (code === 'ECONNREFUSED') {
      return new ConnectionError(`Cannot connect to PostgreSQL at ${at}: connection refused.`, {
        ...options,
        hint: 'Check that the server is running and that host and port are right.',
      });
    }
    if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
      return new ConnectionError(`Cannot resolve the PostgreSQL host "${config.host}".`, {
        ...options,
        hint: 'Check the host name, your DNS or your VPN.',
      });
    }
    if (code === 'ETIMEDOUT' || code === 'EHOSTUNREACH' || code === 'ENETUNREACH' || /timeout/i.test(message)) {
      return new ConnectionError(`Timed out connecting to PostgreSQL at ${at}.`, {
        ...options,
        hint: 'Check the host, the port and any firewall between you and the server.',
      });
    }
    if (code === '28P01' || /password authentication failed/i.test(message)) {
      return new ConnectionError(`PostgreSQL refused the password for user "${user}" at ${at}.`, {
        ...options,
        hint: 'Check the user name and password.',
      });
    }
    if (/SASL|client password must be a string/i.test(message)) {
      return new ConnectionError(`PostgreSQL asks for a password for user "${user}" and none was given.`, {
        ...options,
        hint: 'Add the password to the URL or the connection fields.',
      });
    }
    if (code === '28000') {
      return new ConnectionError(`PostgreSQL refused the login for user "${user}": ${message}`, {
        ...options,
        hint: "Check the user name and the server's pg_hba.conf rules.",
      });
    }
    if (code === '3D000') {
      return new ConnectionError(
        `Database "${config.database ?? user}" does not exist on ${config.host ?? 'localhost'}:${config.port ?? 5432}.`,
        { ...options, hint: 'Check the database name; `psql -l` lists the databases.' },
      );
    }
    if (/does not support SSL/i.test(message)) {
      return new ConnectionError(`The PostgreSQL server at ${at} does not accept SSL.`, {
        ...options,
        hint: 'Use sslmode=disable.',
      });
    }
    if (/certificate/i.test(message)) {
      return new ConnectionError(`The PostgreSQL server's certificate was not accepted: ${message}`, {
        ...options,
        hint: 'Use sslmode=require to encrypt without verifying the certificate.',
      });
    }
    return new ConnectionError(`Cannot connect to PostgreSQL at ${at}: ${message}`, options);
  }) as ConnectionError;
}

/** Errors from a running statement (the connect-time ones are mapped by postgresqlConnectionError). */
export function postgresqlQueryError(error: unknown, timeoutMs: number, config: PostgresqlConfig): DatachatError {
  return wrapDriverError(error, [config.password], ({ detail: message, cause }) => {
    const e = error as PgDriverError;
    const details = { ...(e.code ? { code: e.code } : {}), ...(e.position ? { position: Number(e.position) } : {}) };
    const options = { cause, details };
    if (e.code === '57014') {
      return /statement timeout/i.test(message)
        ? postgresqlTimeoutError(timeoutMs, options)
        : new QueryError('Query cancelled.', options);
    }
    if (e.code === '25006') {
      return new QueryError(`PostgreSQL refused a write: ${message}`, {
        ...options,
        hint: 'datachat runs every statement in a read-only transaction.',
      });
    }
    if (e.code === '42P01' || e.code === '3F000') {
      return new QueryError(`PostgreSQL: ${message}`, {
        ...options,
        hint: 'Check the schema and table names; unqualified names resolve through the search_path.',
      });
    }
    if (e.code && /^(08|28|3D|53|57P)/.test(e.code)) return postgresqlConnectionError(error, config);
    if (!e.code || /^E[A-Z]+$/.test(e.code)) {
      if (/terminated|ECONN|EPIPE|socket|closed/i.test(`${e.code ?? ''} ${message}`))
        return postgresqlConnectionError(error, config);
    }
    return new QueryError(`PostgreSQL: ${message}`, options);
  });
}

export function postgresqlTimeoutError(
  timeoutMs: number,
  options: { cause?: unknown; details?: Record<string, unknown> } = {},
): QueryError {
  return new QueryError(`Query timed out after ${timeoutMs} ms and was cancelled.`, {
    ...options,
    hint: 'Narrow the question or raise the timeout.',
  });
}
