import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Connector } from '../connectors/connector.js';
import type { BusinessDataPoint, SchemaDataPoint } from '../datapoints/datapoint-model.js';
import type { LlmProvider } from '../llm/llm-provider.js';
import {
  buildGenerationUser,
  GENERATION_PROMPT_VERSION,
  GENERATION_SYSTEM,
  generationResponseSchema,
  type GenerationResponse,
} from './generation-prompt.js';
import { addUsage, emptyUsage, type LlmUsage } from '../llm/usage.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import { slugId, type GeneratedDataPoints, type TableGenerationInput } from './generation-input.js';
import { generateHeuristic } from './heuristic-generator.js';

/** Tables described per LLM call: 100 tables take 10 calls. */
export const TABLES_PER_CALL = 10;

export interface LlmGenerationInput {
  connection: string;
  inputs: readonly TableGenerationInput[];
  llm: LlmProvider;
  connector: Connector;
  cacheDir: string;
  quote: (identifier: string) => string;
  onProgress?(message: string): void;
}

/**
 * LLM generation, batched several tables per call. Each batch's answer is cached under a hash of
 * (prompt version, model, dialect, the batch's tables and profiles), so regenerating an unchanged
 * database makes zero calls. The heuristic result is the floor: whatever the model leaves out or
 * gets wrong (unknown columns) falls back to it.
 */
export async function generateWithLlm(
  input: LlmGenerationInput,
): Promise<{ generated: GeneratedDataPoints; usage: LlmUsage }> {
  const floor = generateHeuristic(input.connection, input.inputs, input.quote);
  let usage = emptyUsage();
  const answers: GenerationResponse[] = [];
  const batches: TableGenerationInput[][] = [];
  for (let i = 0; i < input.inputs.length; i += TABLES_PER_CALL)
    batches.push(input.inputs.slice(i, i + TABLES_PER_CALL));
  for (const [index, batch] of batches.entries()) {
    const user = buildGenerationUser(input.connector.engine, batch);
    const key = createHash('sha256')
      .update(JSON.stringify([GENERATION_PROMPT_VERSION, input.llm.model, GENERATION_SYSTEM, user]))
      .digest('hex');
    const cacheFile = join(input.cacheDir, `${key}.json`);
    if (existsSync(cacheFile)) {
      answers.push(generationResponseSchema.parse(JSON.parse(readFileSync(cacheFile, 'utf8'))));
      continue;
    }
    input.onProgress?.(`LLM batch ${index + 1}/${batches.length} (${batch.length} tables)`);
    const result = await input.llm.completeJson({
      system: GENERATION_SYSTEM,
      user,
      schema: generationResponseSchema,
      schemaName: 'datapoint_generation',
    });
    usage = addUsage(usage, result.usage);
    writeFileAtomic(cacheFile, `${JSON.stringify(result.value)}\n`);
    answers.push(result.value);
  }
  return { generated: merge(input, floor, answers), usage };
}

function merge(
  input: LlmGenerationInput,
  floor: GeneratedDataPoints,
  answers: GenerationResponse[],
): GeneratedDataPoints {
  const model = input.llm.model;
  const tableAnswers = new Map(answers.flatMap((a) => a.tables).map((t) => [t.table.toLowerCase(), t]));
  const known = new Map(input.inputs.map((i) => [i.schema.table.toLowerCase(), i.schema]));
  const schema: SchemaDataPoint[] = floor.schema_datapoints.map((dp) => {
    const original = input.inputs.find((i) => i.schema.id === dp.id)!.schema;
    const answer = tableAnswers.get(dp.table.toLowerCase());
    if (!answer) return dp;
    const meanings = new Map(answer.columns.map((c) => [c.name, c.meaning]));
    return {
      ...dp,
      // People's words win over the model's; the model's win over heuristics.
      purpose: original.purpose || answer.purpose || dp.purpose,
      columns: dp.columns.map((c, i) => ({
        ...c,
        meaning: original.columns[i]?.meaning || meanings.get(c.name) || c.meaning,
      })),
      common_queries: original.common_queries.length
        ? original.common_queries
        : answer.common_queries.length
          ? answer.common_queries
          : dp.common_queries,
      gotchas: original.gotchas.length ? original.gotchas : [...new Set([...answer.gotchas, ...dp.gotchas])],
      confidence: answer.confidence,
      generated_by: model,
      source: 'auto_generated',
    };
  });
  const metrics = new Map(floor.business_datapoints.map((m) => [m.id, m]));
  for (const m of answers.flatMap((a) => a.metrics)) {
    const table = known.get(m.table.toLowerCase());
    if (!table) continue;
    const id = slugId(m.id);
    const dp: BusinessDataPoint = {
      type: 'Business',
      id,
      name: m.name,
      connection: input.connection,
      description: m.description,
      table: table.table,
      expression: m.expression,
      aggregation: m.aggregation,
      filters: m.filters,
      ...(m.time_column ? { time_column: m.time_column } : {}),
      dimensions: m.dimensions,
      synonyms: m.synonyms,
      ...(m.unit ? { unit: m.unit } : {}),
      business_rules: [],
      tags: ['generated'],
      source: 'auto_generated',
      confidence: m.confidence,
      generated_by: model,
    };
    metrics.set(id, dp);
  }
  const business = [...metrics.values()].sort((a, b) => a.id.localeCompare(b.id));
  const confidence: Record<string, number> = {};
  for (const dp of [...schema, ...business]) confidence[dp.id] = dp.confidence ?? 0.5;
  return {
    connection_id: input.connection,
    schema_datapoints: schema,
    business_datapoints: business,
    confidence_scores: confidence,
    llm_model_used: model,
  };
}
