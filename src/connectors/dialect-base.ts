import type { Dialect, TimeGrain } from './dialect.js';
import type { EngineType } from './engine-type.js';
import { ANSI_LEX_PROFILE, type LexProfile } from './lex-profile.js';

/**
 * ANSI-leaning defaults; each engine's dialect overrides only what differs.
 */
export abstract class DialectBase implements Dialect {
  abstract readonly engine: EngineType;
  abstract readonly name: string;
  abstract readonly parserDatabase: string;
  abstract readonly functions: ReadonlySet<string>;
  readonly parserFallbacks: readonly string[] = [];
  readonly partialGrammar: boolean = false;
  readonly lexProfile: LexProfile = ANSI_LEX_PROFILE;
  readonly builtinQualifiers: readonly string[] = [];
  readonly quotedNameCase: 'lower' | 'upper' | 'any' = 'any';
  readonly tableFunctions: ReadonlySet<string> | undefined = undefined;
  readonly showsSettings: boolean = false;
  readonly indexedMinMax: boolean = false;
  readonly supportsWindowFunctions: boolean = true;

  quoteIdentifier(identifier: string): string {
    return `"${identifier.replace(/"/g, '""')}"`;
  }

  quoteQualified(...parts: (string | undefined)[]): string {
    return parts
      .filter((p): p is string => typeof p === 'string' && p.length > 0)
      .map((p) => this.quoteIdentifier(p))
      .join('.');
  }

  stringLiteral(value: string): string {
    return `'${value.replace(/'/g, "''")}'`;
  }

  placeholder(_index: number): string {
    return '?';
  }

  limit(sql: string, n: number): string {
    return `${sql.trimEnd().replace(/;+\s*$/, '')} LIMIT ${Math.max(0, Math.floor(n))}`;
  }

  sampleSource(_qualifiedTable: string, _rows: number, _totalRows: number): string | undefined {
    return undefined;
  }

  approxDistinct(expression: string): string {
    return `COUNT(DISTINCT ${expression})`;
  }

  average(expression: string): string {
    return `AVG(${expression})`;
  }

  dateTrunc(grain: TimeGrain, expression: string): string {
    return `DATE_TRUNC('${grain}', ${expression})`;
  }

  dateLiteral(iso: string): string {
    return this.stringLiteral(iso);
  }

  now(): string {
    return 'CURRENT_TIMESTAMP';
  }

  daysAgo(days: number): string {
    return `CURRENT_TIMESTAMP - INTERVAL '${Math.floor(days)} days'`;
  }

  castToText(expression: string): string {
    return `CAST(${expression} AS VARCHAR)`;
  }
}
