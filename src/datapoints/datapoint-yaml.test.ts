import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DataPointValidationError } from '../errors.js';
import { dataPointJsonSchema } from './datapoint-json-schema.js';
import type { DataPoint } from './datapoint-model.js';
import { parseDataPoint, serializeDataPoint, writeDataPointFile } from './datapoint-yaml.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const revenue: DataPoint = {
  type: 'Business',
  id: 'revenue',
  name: 'Revenue',
  connection: 'sample',
  description: 'Completed order value',
  expression: 'SUM(orders.total_amount)',
  table: 'orders',
  filters: ["orders.status = 'completed'"],
  time_column: 'order_date',
  dimensions: ['orders.channel'],
  synonyms: ['sales', 'turnover'],
  aggregation: 'SUM',
  business_rules: [],
  tags: [],
  source: 'manual',
  unit: 'USD',
};

function validationError(fn: () => unknown): DataPointValidationError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(DataPointValidationError);
    return error as DataPointValidationError;
  }
  throw new Error('expected a DataPointValidationError');
}

describe('DataPoint YAML', () => {
  it('round-trips and serializes deterministically with a stable key order', () => {
    const text = serializeDataPoint(revenue, '../../datapoint.schema.json');
    expect(text.split('\n')[0]).toBe('# yaml-language-server: $schema=../../datapoint.schema.json');
    expect(text.split('\n').slice(1, 4)).toEqual(['type: Business', 'id: revenue', 'name: Revenue']);
    expect(text).not.toContain('business_rules');
    const reparsed = parseDataPoint('x.yaml', text);
    expect(reparsed).toEqual(revenue);
    expect(serializeDataPoint(reparsed, '../../datapoint.schema.json')).toBe(text);
    // Key order of the input object does not matter.
    const shuffled = Object.fromEntries(Object.entries(revenue).reverse()) as DataPoint;
    expect(serializeDataPoint(shuffled, '../../datapoint.schema.json')).toBe(text);
  });

  it('reports unknown fields with file and line', () => {
    const error = validationError(() =>
      parseDataPoint(
        'dp/orders.yaml',
        'type: Schema\nid: orders\nname: Orders\nconnection: s\ntable: orders\npurpse: typo\n',
      ),
    );
    expect(error.exitCode).toBe(2);
    expect(error.issues).toEqual([
      expect.objectContaining({ file: 'dp/orders.yaml', line: 6, message: 'unknown field "purpse"' }),
    ]);
    expect(error.message).toBe('dp/orders.yaml:6: purpse: unknown field "purpse"');
  });

  it('reports nested problems at the line of the offending node', () => {
    const yaml =
      'type: Schema\nid: orders\nname: Orders\nconnection: s\ntable: orders\ncolumns:\n  - name: id\n    type: int\n  - name: total\n    type: numeric\n    nullable: maybe\n';
    const error = validationError(() => parseDataPoint('o.yaml', yaml));
    expect(error.issues[0]).toMatchObject({ line: 11, path: 'columns[1].nullable' });
  });

  it('reports a missing discriminator and YAML syntax errors with lines', () => {
    expect(validationError(() => parseDataPoint('a.yaml', 'type: Nope\nid: a\n')).issues[0]).toMatchObject({
      line: 1,
      path: 'type',
    });
    const syntax = validationError(() => parseDataPoint('b.yaml', 'type: Schema\nid: [a\nname: x\n'));
    expect(syntax.issues[0]!.line).toBeGreaterThanOrEqual(2);
    expect(validationError(() => parseDataPoint('c.yaml', '- a\n- b\n')).issues[0]!.message).toMatch(/one mapping/);
  });

  it('writes atomically: no temp files left, content complete', () => {
    const dir = mkdtempSync(join(tmpdir(), 'datachat-dp-'));
    dirs.push(dir);
    const file = join(dir, 'sample', 'business', 'revenue.yaml');
    writeDataPointFile(file, revenue, join(dir, 'datapoint.schema.json'));
    expect(readdirSync(join(dir, 'sample', 'business'))).toEqual(['revenue.yaml']);
    expect(readFileSync(file, 'utf8').split('\n')[0]).toBe(
      '# yaml-language-server: $schema=../../datapoint.schema.json',
    );
  });

  it('exports a JSON Schema that knows all four types', () => {
    const schema = JSON.stringify(dataPointJsonSchema());
    for (const t of ['Schema', 'Business', 'Process', 'Query']) expect(schema).toContain(`"${t}"`);
    expect(schema).toContain('additionalProperties');
  });
});
