import { z } from 'zod';
import type { Dialect } from '../connectors/dialect.js';
import type { BusinessDataPoint, SchemaDataPoint } from '../datapoints/datapoint-model.js';
import type { ValueHit } from '../knowledge/retriever.js';
import { RuntimeError } from '../errors.js';
import type { LlmJsonResult, LlmProvider, LlmTurn } from '../llm/llm-provider.js';
import { semanticSystemPrompt, semanticUserPrompt } from '../llm/prompts/semantic-query-prompt.js';
import { checkSemanticQuery } from './semantic-query-check.js';
import type { SemanticModel } from './semantic-model.js';
import { semanticQuerySchema, type SemanticQuery } from './semantic-query.js';
import { renderSemanticQuery, type RenderedQuery } from './semantic-renderer.js';

/** The model's answer: a typed semantic query, or null with the reason when none fits the question. */
export const semanticAnswerSchema = z.object({
  semantic_query: semanticQuerySchema.nullable(),
  reason: z.string().default(''),
});

export interface LlmSemanticInput {
  question: string;
  model: SemanticModel;
  tables: readonly SchemaDataPoint[];
  metrics: readonly BusinessDataPoint[];
  values: readonly ValueHit[];
  history: readonly { question: string; sql?: string }[];
  dialect: Dialect;
  llm: LlmProvider;
  now: Date;
}

export type LlmSemanticOutcome =
  | { kind: 'rendered'; query: RenderedQuery; semantic: SemanticQuery }
  /** No semantic query fits (the model said so, or its query stayed invalid after one repair): free-form SQL next. */
  | { kind: 'none'; reason: string };

/**
 * With an LLM configured, the model is asked first for the typed semantic query (zod-validated by the
 * provider, then checked against the semantic model, one repair with the errors), compiled by the same
 * renderer as the deterministic path, so joins, IN lists, entity keys and metric rules stay the same.
 */
export async function planSemanticWithLlm(input: LlmSemanticInput): Promise<LlmSemanticOutcome> {
  const system = semanticSystemPrompt(input.now.toISOString().slice(0, 10));
  const history: LlmTurn[] = [];
  let request = semanticUserPrompt(input);
  for (let attempt = 0; attempt < 2; attempt++) {
    let answer: LlmJsonResult<z.infer<typeof semanticAnswerSchema>>;
    try {
      answer = await input.llm.completeJson({
        system,
        user: request,
        history,
        schema: semanticAnswerSchema,
        schemaName: 'semantic_query',
      });
    } catch (error) {
      // An answer that stays malformed after the provider's own repair: free-form SQL gets its chance.
      if (error instanceof RuntimeError) return { kind: 'none', reason: error.message };
      throw error;
    }
    const { value, raw } = answer;
    history.push({ role: 'user', content: request }, { role: 'assistant', content: raw });
    if (!value.semantic_query)
      return { kind: 'none', reason: value.reason || 'the model found no semantic query for it' };
    const errors = checkSemanticQuery(input.model, value.semantic_query);
    if (!errors.length) {
      const rendered = renderSemanticQuery(input.model, value.semantic_query, input.dialect);
      if (rendered.kind === 'rendered')
        return { kind: 'rendered', query: rendered.query, semantic: value.semantic_query };
      errors.push(rendered.reason);
    }
    request = `The semantic query is not valid for this model:\n- ${errors.join('\n- ')}\nReturn corrected JSON for the same question, or {"semantic_query": null, "reason": "..."} if none fits.`;
    if (attempt === 1) return { kind: 'none', reason: errors.join(' ') };
  }
  return { kind: 'none', reason: 'no valid semantic query' };
}
