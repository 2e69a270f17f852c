/**
 * The one error hierarchy of datachat. Every failure a user can see is a DatachatError with a stable
 * `code` (for --json and the REST API), an `exitCode` (docs/cli-contract.md) and, where it helps, a `hint`
 * saying what to do. Driver errors are wrapped with context and kept as `cause`, never flattened.
 */
export type ErrorCode =
  | 'runtime_error'
  | 'usage_error'
  | 'config_error'
  | 'datapoint_invalid'
  | 'system_not_initialized'
  | 'sql_rejected'
  | 'llm_required'
  | 'aborted'
  | 'connection_failed'
  | 'query_failed'
  | 'not_found'
  | 'conflict';

export interface DatachatErrorOptions {
  cause?: unknown;
  hint?: string;
  /** Extra machine-readable detail for --json output (never credentials). */
  details?: Record<string, unknown>;
}

export class DatachatError extends Error {
  readonly code: ErrorCode;
  readonly exitCode: number;
  readonly hint: string | undefined;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, exitCode: number, message: string, options: DatachatErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.exitCode = exitCode;
    this.hint = options.hint;
    this.details = options.details;
  }

  toJSON(): Record<string, unknown> {
    return {
      error: this.code,
      message: this.message,
      ...(this.hint ? { hint: this.hint } : {}),
      ...(this.details ? { details: this.details } : {}),
    };
  }
}

/** Exit 1: something failed while running (database down, disk full...). */
export class RuntimeError extends DatachatError {
  constructor(message: string, options?: DatachatErrorOptions) {
    super('runtime_error', 1, message, options);
  }
}

/** Exit 2: the command line was wrong. */
export class UsageError extends DatachatError {
  constructor(message: string, options?: DatachatErrorOptions) {
    super('usage_error', 2, message, options);
  }
}

/** One problem in a file, located as precisely as we can. */
export interface FileIssue {
  file: string;
  line?: number;
  column?: number;
  path?: string;
  message: string;
}

export function formatFileIssue(issue: FileIssue): string {
  const where =
    issue.line === undefined ? issue.file : `${issue.file}:${issue.line}${issue.column ? `:${issue.column}` : ''}`;
  return `${where}: ${issue.path ? `${issue.path}: ` : ''}${issue.message}`;
}

/** Exit 2: .datachat.yml (or another config input) is invalid. Lists every problem found. */
export class ConfigError extends DatachatError {
  readonly issues: FileIssue[];
  constructor(message: string, issues: FileIssue[] = [], options?: DatachatErrorOptions) {
    super(
      'config_error',
      2,
      issues.length ? `${message}\n${issues.map((i) => `  ${formatFileIssue(i)}`).join('\n')}` : message,
      {
        ...options,
        details: { ...(options?.details ?? {}), issues },
      },
    );
    this.issues = issues;
  }
}

/** Exit 2: a DataPoint YAML file is malformed; every issue carries file and line. */
export class DataPointValidationError extends DatachatError {
  readonly issues: FileIssue[];
  constructor(issues: FileIssue[], options?: DatachatErrorOptions) {
    super('datapoint_invalid', 2, issues.map(formatFileIssue).join('\n'), {
      hint: 'Fix the file (see the line above) and run the command again.',
      ...options,
      details: { issues },
    });
    this.issues = issues;
  }
}

/** Exit 3: the project lacks a setup step (mirrors HTTP 503 system_not_initialized). */
export class NotInitializedError extends DatachatError {
  readonly missingSteps: string[];
  constructor(message: string, missingSteps: string[], options?: DatachatErrorOptions) {
    super('system_not_initialized', 3, message, { ...options, details: { missing_steps: missingSteps } });
    this.missingSteps = missingSteps;
  }
}

/** Exit 4: the SQL guard refused a statement. */
export class SqlRejectedError extends DatachatError {
  constructor(message: string, options?: DatachatErrorOptions) {
    super('sql_rejected', 4, message, options);
  }
}

/** Exit 5: the question needs an LLM and none is configured. */
export class LlmRequiredError extends DatachatError {
  constructor(message: string, options?: DatachatErrorOptions) {
    super('llm_required', 5, message, {
      hint: 'Configure an OpenAI-compatible server under `llm:` in .datachat.yml (base_url, model, api_key).',
      ...options,
    });
  }
}

/** Exit 130: the user interrupted (Ctrl-C) a prompt or long operation. */
export class AbortedError extends DatachatError {
  constructor(message = 'Aborted.', options?: DatachatErrorOptions) {
    super('aborted', 130, message, options);
  }
}

/** Exit 1: a database could not be reached or refused the login. */
export class ConnectionError extends DatachatError {
  constructor(message: string, options?: DatachatErrorOptions) {
    super('connection_failed', 1, message, options);
  }
}

/** Exit 1: the database rejected or failed a query. */
export class QueryError extends DatachatError {
  constructor(message: string, options?: DatachatErrorOptions) {
    super('query_failed', 1, message, options);
  }
}

/** Exit 2: a named thing (connection, DataPoint) does not exist. */
export class NotFoundError extends DatachatError {
  constructor(message: string, options?: DatachatErrorOptions) {
    super('not_found', 2, message, options);
  }
}

/**
 * Exit 2 (like usage and config errors: the input names something that already exists); HTTP 409.
 * `field` names the input field to blame (`name` of a new connection), reported by the REST API.
 */
export class ConflictError extends DatachatError {
  readonly field: string | undefined;
  constructor(message: string, options?: DatachatErrorOptions & { field?: string }) {
    const { field, ...rest } = options ?? {};
    super('conflict', 2, message, rest);
    this.field = field;
  }
}

/** Turns anything thrown into a DatachatError, keeping the original as cause. */
export function toDatachatError(error: unknown): DatachatError {
  if (error instanceof DatachatError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new RuntimeError(message, { cause: error });
}
