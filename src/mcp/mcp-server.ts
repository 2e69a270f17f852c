import { readFileSync } from 'node:fs';
import { McpServer, ResourceTemplate } from '@modelcontextprotocol/sdk/server/mcp.js';
import { serializeDataPoint } from '../datapoints/datapoint-yaml.js';
import { NotFoundError } from '../errors.js';
import { redactSecrets } from '../util/redact.js';
import { databaseTools } from './database-tools.js';
import { DATAPOINT_URI_TEMPLATE, dataPointUri, typeOfFolder } from './datapoint-uri.js';
import { dataPointTools, listDataPoints, MAX_LISTED } from './datapoint-tools.js';
import type { McpHost } from './mcp-host.js';
import { registerTools, type ToolDefinition } from './mcp-tool.js';
import { questionTools } from './question-tools.js';

/** The seven tools. */
export const MCP_TOOLS: readonly ToolDefinition[] = [...databaseTools, ...questionTools, ...dataPointTools];

const VERSION = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

const INSTRUCTIONS = [
  "datachat answers questions over this project's databases with reviewed knowledge (DataPoints) and a read-only, guarded SQL executor.",
  'Start with list_databases. For a question, call ask; when it returns status needs_llm (or to write SQL yourself), call get_context and then run_query with SQL in the database dialect.',
  'Metrics (Business DataPoints) define the numbers the business agrees on: use their expression and filters rather than inventing your own.',
  'When you define something worth keeping (a metric, a table meaning), propose it with propose_datapoint: a person reviews it with `datachat review`.',
].join(' ');

export interface McpServerOptions {
  /** Where each tool call is logged (`--verbose`: stderr). */
  log?: (line: string) => void;
}

/**
 * The MCP server over one project (DESIGN: thin over the services, like the REST routes): seven
 * tools with input and output schemas, and every approved DataPoint as a resource
 * `datachat://<connection>/<type>/<id>` (its YAML). Not connected: `datachat mcp` attaches stdio,
 * `datachat serve` a Streamable HTTP transport per request.
 */
export function buildMcpServer(host: McpHost, options: McpServerOptions = {}): McpServer {
  const server = new McpServer(
    { name: 'datachat', title: 'datachat', version: VERSION },
    { instructions: INSTRUCTIONS },
  );
  registerTools(server, host, MCP_TOOLS, options);
  server.registerResource(
    'datapoint',
    new ResourceTemplate(DATAPOINT_URI_TEMPLATE, {
      list: async () => ({
        resources: (await listDataPoints(host)).slice(0, MAX_LISTED).map((d) => ({
          uri: dataPointUri(d),
          name: `${d.connection}/${d.id}`,
          title: d.name,
          mimeType: 'application/yaml',
          ...(d.dataPoint.description ? { description: d.dataPoint.description } : {}),
        })),
      }),
    }),
    {
      title: 'DataPoint',
      description: 'An approved DataPoint of the project as YAML (table, metric, process or query template).',
      mimeType: 'application/yaml',
    },
    async (uri, variables) => {
      const part = (name: string): string => decodeURIComponent(String(variables[name] ?? ''));
      const [connection, folder, id] = [part('connection'), part('type'), part('id')];
      const type = typeOfFolder(folder);
      const found = type
        ? (await listDataPoints(host, { database: connection, type })).find((d) => d.id === id)
        : undefined;
      if (!found) {
        throw new NotFoundError(
          `No DataPoint ${uri.href}. Hint: list them with list_datapoints (URIs are datachat://<database>/<schema|business|process|query>/<id>).`,
        );
      }
      const text = redactSecrets(serializeDataPoint(found.dataPoint), host.secrets());
      return { contents: [{ uri: uri.href, mimeType: 'application/yaml', text }] };
    },
  );
  return server;
}
