import { join } from 'node:path';
import { z } from 'zod';
import { ensureJsonSchemaFile } from '../datapoints/datapoint-json-schema.js';
import { DATAPOINT_TYPES, dataPointSchema, type DataPoint } from '../datapoints/datapoint-model.js';
import { parseDataPoint, serializeDataPoint } from '../datapoints/datapoint-yaml.js';
import { PendingStore } from '../datapoints/pending-store.js';
import { DataPointValidationError, UsageError, type FileIssue } from '../errors.js';
import type { StoredDataPoint } from '../knowledge/knowledge-store.js';
import { DataPointService } from '../services/datapoint-service.js';
import { JSON_SCHEMA_FILE } from '../datapoints/datapoint-json-schema.js';
import type { ProjectContext } from '../services/project-context.js';
import { ReviewService } from '../services/review-service.js';
import { formatPath } from '../util/yaml-source.js';
import { dataPointUri } from './datapoint-uri.js';
import type { McpHost } from './mcp-host.js';
import { defineTool, READ_ONLY, type ToolDefinition } from './mcp-tool.js';

/** DataPoints one list returns; a project with more is browsed per database and type. */
export const MAX_LISTED = 500;
/** Characters of a description in a list (the whole text is in get_datapoint). */
const DESCRIPTION_CHARS = 200;
/** Where a proposal is reported in validation issues. */
const PROPOSAL = '(proposal)';
/** `generated_by` of a proposal: reviewers see it came from an assistant. */
const PROPOSED_BY = 'mcp';

const typeEnum = z.enum(DATAPOINT_TYPES as [DataPoint['type'], ...DataPoint['type'][]]);

/** Approved DataPoints from a fresh index, optionally of one database and type. */
export async function listDataPoints(
  host: McpHost,
  filter: { database?: string; type?: DataPoint['type'] } = {},
): Promise<StoredDataPoint[]> {
  const { project } = host;
  project.requireProject();
  if (filter.database) project.connection(filter.database);
  await host.freshIndex();
  if (project.config.connections.length === 0) return [];
  return (await project.store()).list({
    ...(filter.database ? { connection: filter.database } : {}),
    ...(filter.type ? { type: filter.type } : {}),
  });
}

const listTool = defineTool({
  name: 'list_datapoints',
  title: 'List DataPoints',
  description:
    "The reviewed knowledge of the project: Schema DataPoints (a table: columns, meaning, joins), Business DataPoints (a metric's exact SQL), Process DataPoints (freshness, load cadence) and Query DataPoints (SQL templates). Each has a URI readable with get_datapoint or as an MCP resource.",
  input: {
    database: z.string().optional().describe('only this database id'),
    type: typeEnum.optional().describe('only this type'),
  },
  output: {
    datapoints: z.array(
      z.object({
        uri: z.string(),
        connection: z.string(),
        id: z.string(),
        type: typeEnum,
        name: z.string(),
        description: z.string(),
        file: z.string().describe('YAML file in the project'),
      }),
    ),
    total: z.number(),
    truncated: z.boolean().describe(`true when more than ${MAX_LISTED} matched: filter by database or type`),
  },
  annotations: READ_ONLY,
  async run({ database, type }, { host }) {
    const all = await listDataPoints(host, { ...(database ? { database } : {}), ...(type ? { type } : {}) });
    const datapoints = all.slice(0, MAX_LISTED).map((d) => ({
      uri: dataPointUri(d),
      connection: d.connection,
      id: d.id,
      type: d.type,
      name: d.name,
      description: clip(d.dataPoint.description, DESCRIPTION_CHARS),
      file: d.file,
    }));
    const text = datapoints.length
      ? [
          `${all.length} DataPoint${all.length === 1 ? '' : 's'}${all.length > MAX_LISTED ? ` (first ${MAX_LISTED} listed)` : ''}:`,
          ...datapoints.map((d) => `${d.type} ${d.connection}/${d.id}: ${d.name}`),
        ].join('\n')
      : 'No DataPoints: run `datachat init` or `datachat generate` (then `datachat review`).';
    return { structured: { datapoints, total: all.length, truncated: all.length > MAX_LISTED }, text };
  },
});

const getTool = defineTool({
  name: 'get_datapoint',
  title: 'Get a DataPoint',
  description:
    'One DataPoint in full, as its YAML file and as an object: a table with every column and relationship, a metric with its expression, filters, dimensions and business rules, a process, or a query template.',
  input: {
    id: z.string().min(1).describe('<database>/<id> (as listed), or an id that is unique across databases'),
    database: z.string().optional().describe('database id, when `id` has none'),
  },
  output: {
    uri: z.string(),
    connection: z.string(),
    id: z.string(),
    type: typeEnum,
    file: z.string(),
    yaml: z.string(),
    datapoint: z.record(z.string(), z.unknown()),
  },
  annotations: READ_ONLY,
  async run({ id, database }, { host }) {
    host.project.requireProject();
    await host.freshIndex();
    const found = await new DataPointService(host.project).resolve(id, database);
    const yaml = serializeDataPoint(found.dataPoint);
    const structured = {
      uri: dataPointUri(found),
      connection: found.connection,
      id: found.id,
      type: found.type,
      file: found.file,
      yaml,
      datapoint: found.dataPoint as unknown as Record<string, unknown>,
    };
    return { structured, text: `# ${found.file}\n${yaml.trimEnd()}` };
  },
});

const proposeTool = defineTool({
  name: 'propose_datapoint',
  title: 'Propose a DataPoint for review',
  description:
    'Proposes a new or changed DataPoint (for example a metric you defined while answering: type Business with id, name, connection, table, expression, aggregation, filters, time_column). It is validated with the same model as `datachat datapoints add` and written to .datachat/pending/ for a person to approve or reject with `datachat review`: it is never approved by this call and answers do not use it until then. Give it as YAML text or as an object.',
  input: {
    datapoint: z
      .union([z.string().min(1), z.record(z.string(), z.unknown())])
      .describe('the DataPoint as YAML text or as an object (fields of datapoints/datapoint.schema.json)'),
  },
  output: {
    status: z.literal('pending_review'),
    key: z.string().describe('<database>/<id>'),
    uri: z.string(),
    file: z.string().describe('the pending YAML file'),
    approved_file: z.string().describe('where it goes once approved'),
    replaces_approved: z.boolean().describe('true when it changes an approved DataPoint'),
    changed_fields: z.array(z.string()),
    diff: z.string().describe('unified diff from the approved version (or nothing) to the proposal'),
    review_command: z.string(),
  },
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  async run({ datapoint }, { host, client }) {
    const { project } = host;
    project.requireProject();
    const proposal = validateProposal(project, datapoint);
    await host.freshIndex();
    const key = `${proposal.connection}/${proposal.id}`;
    const review = new ReviewService(project);
    await host.write(async () => {
      // Ids are unique per connection across types: approving this must not create a second one.
      const approved = project.config.connections.length
        ? (await project.store()).get(proposal.connection, proposal.id)
        : undefined;
      if (approved && approved.type !== proposal.type) {
        throw new DataPointValidationError([
          {
            file: PROPOSAL,
            path: 'id',
            message: `"${key}" is already a ${approved.type} DataPoint; choose another id or propose it as ${approved.type}`,
          },
        ]);
      }
      // A generator's proposal waiting for review is not an assistant's to replace (its own earlier one is).
      const waiting = review.list().find((p) => p.key === key);
      if (waiting && !waiting.generated_by?.startsWith(PROPOSED_BY)) {
        throw new UsageError(`"${key}" is already pending review (${waiting.file}).`, {
          hint: 'Ask a person to review it first with `datachat review`, or propose it under another id.',
        });
      }
      const schemaFile = join(project.paths.datapointsDir, JSON_SCHEMA_FILE);
      ensureJsonSchemaFile(schemaFile);
      new PendingStore(project.paths.pendingDir, project.paths.datapointsDir, schemaFile).add({
        ...proposal,
        generated_by: client ? `${PROPOSED_BY}:${client}` : PROPOSED_BY,
      });
    });
    const item = review.get(key);
    const structured = {
      status: 'pending_review' as const,
      key: item.key,
      uri: dataPointUri(proposal),
      file: item.file,
      approved_file: item.approved_file,
      replaces_approved: item.replaces_approved,
      changed_fields: item.reason.changed_fields,
      diff: item.diff,
      review_command: `datachat review --approve ${item.key}`,
    };
    const text = `Proposed ${proposal.type} DataPoint ${item.key}: written to ${item.file}, waiting for a person to approve it (\`datachat review\`). It is not used for answers until approved.`;
    return { structured, text };
  },
});

/**
 * A proposal checked with the DataPoint model (YAML with file:line issues, or an object with field
 * paths) and for a known connection. The generator's `generated` fingerprints are dropped: they
 * would claim fields as the generator's, and `status` is the pending store's to set.
 */
function validateProposal(project: ProjectContext, input: string | Record<string, unknown>): DataPoint {
  const hint = 'Fix the fields named above (see datapoints/datapoint.schema.json) and propose it again.';
  let parsed: DataPoint;
  if (typeof input === 'string') {
    try {
      parsed = parseDataPoint(PROPOSAL, input);
    } catch (error) {
      if (error instanceof DataPointValidationError) throw new DataPointValidationError(error.issues, { hint });
      throw error;
    }
  } else {
    const result = dataPointSchema.safeParse(input);
    if (!result.success) {
      throw new DataPointValidationError(
        result.error.issues.map((issue): FileIssue => {
          const keys = issue.code === 'unrecognized_keys' ? issue.keys : [];
          const path = formatPath(keys.length ? [...issue.path, keys[0]!] : issue.path);
          const message = keys.length ? `unknown field${keys.length > 1 ? 's' : ''} ${keys.join(', ')}` : issue.message;
          return { file: PROPOSAL, ...(path ? { path } : {}), message };
        }),
        { hint },
      );
    }
    parsed = result.data;
  }
  const known = project.config.connections.map((c) => c.id);
  if (!known.includes(parsed.connection)) {
    throw new DataPointValidationError(
      [
        {
          file: PROPOSAL,
          path: 'connection',
          message: `unknown database "${parsed.connection}" (known: ${known.join(', ')})`,
        },
      ],
      { hint: 'Use a database id from list_databases.' },
    );
  }
  const { status: _status, generated: _generated, ...dataPoint } = parsed;
  return dataPoint as DataPoint;
}

function clip(text: string, chars: number): string {
  return text.length <= chars ? text : `${text.slice(0, chars - 1)}…`;
}

/** DataPoints: list_datapoints, get_datapoint, propose_datapoint. */
export const dataPointTools: readonly ToolDefinition[] = [listTool, getTool, proposeTool];
