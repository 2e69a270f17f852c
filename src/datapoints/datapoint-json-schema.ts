import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../util/atomic-write.js';
import { dataPointSchema } from './datapoint-model.js';

/** The JSON Schema file written beside the DataPoint folders (YAML files reference it for editor validation). */
export const JSON_SCHEMA_FILE = 'datapoint.schema.json';

/** Where the JSON Schema file of a project's `datapoints/` folder lives. */
export function jsonSchemaPath(datapointsDir: string): string {
  return join(datapointsDir, JSON_SCHEMA_FILE);
}

/** JSON Schema of a DataPoint file, generated from the zod model (what editors validate against). */
export function dataPointJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(dataPointSchema, { io: 'input', unrepresentable: 'any' }),
    title: 'datachat DataPoint',
  };
}

/** Writes the JSON Schema file if it is missing or different; returns true when it wrote. */
export function ensureJsonSchemaFile(file: string): boolean {
  const text = `${JSON.stringify(dataPointJsonSchema(), null, 2)}\n`;
  if (existsSync(file) && readFileSync(file, 'utf8') === text) return false;
  writeFileAtomic(file, text);
  return true;
}
