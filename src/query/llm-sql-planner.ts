import type { BusinessDataPoint, SchemaDataPoint } from '../datapoints/datapoint-model.js';
import { DatachatError } from '../errors.js';
import type { ValueHit } from '../knowledge/retriever.js';
import type { LlmProvider, LlmTurn } from '../llm/llm-provider.js';
import { sqlAnswerSchema, sqlSystemPrompt, sqlUserPrompt, type SqlAnswer } from '../llm/prompts/sql-prompt.js';

/** Repairs after the first answer when validation or execution fails. */
export const MAX_REPAIRS = 2;

export interface LlmSqlInput {
  question: string;
  engine: string;
  tables: readonly SchemaDataPoint[];
  metrics: readonly BusinessDataPoint[];
  values: readonly ValueHit[];
  history: readonly { question: string; sql?: string }[];
  llm: LlmProvider;
  /** Validates and runs a candidate; throws a DatachatError whose message goes back to the model. */
  attempt(sql: string): Promise<void>;
}

export interface LlmSqlResult {
  answer: SqlAnswer;
  attempts: number;
  errors: string[];
}

/**
 * The LLM step of answering (docs/architecture.md): one prompt within the token budget; the guard's and the database's errors
 * are fed back for at most MAX_REPAIRS repairs. The last error is rethrown when every attempt fails.
 */
export async function planWithLlm(input: LlmSqlInput): Promise<LlmSqlResult> {
  const system = sqlSystemPrompt(input.engine);
  const user = sqlUserPrompt(input);
  const history: LlmTurn[] = [];
  const errors: string[] = [];
  let lastError: unknown;
  for (let attempt = 0; attempt <= MAX_REPAIRS; attempt++) {
    const request =
      attempt === 0
        ? user
        : `The previous SQL failed: ${errors[errors.length - 1]}\nReturn corrected JSON for the same question.`;
    const { value, raw } = await input.llm.completeJson({
      system,
      user: request,
      history,
      schema: sqlAnswerSchema,
      schemaName: 'sql_answer',
    });
    history.push({ role: 'user', content: request }, { role: 'assistant', content: raw });
    try {
      await input.attempt(value.sql);
      return { answer: value, attempts: attempt + 1, errors };
    } catch (error) {
      if (!(error instanceof DatachatError)) throw error;
      lastError = error;
      errors.push(error.message);
    }
  }
  throw lastError;
}
