import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult, ToolAnnotations } from '@modelcontextprotocol/sdk/types.js';
import type { z } from 'zod';
import { toDatachatError } from '../errors.js';
import type { McpHost } from './mcp-host.js';
import { toolFailure, toolSuccess, type ToolOutput } from './tool-result.js';

/** What a handler gets besides its arguments. */
export interface ToolCall {
  host: McpHost;
  /** Aborted when the client cancels the request or goes away. */
  signal: AbortSignal;
  /** The client's name as it introduced itself (`claude-ai`, `cursor`...), when it did. */
  client?: string;
}

/**
 * One MCP tool: input and output schemas as zod shapes (the SDK publishes them as JSON Schema,
 * checks the arguments against the first and every structured result against the second).
 */
export interface ToolDefinition<Input extends z.ZodRawShape = z.ZodRawShape> {
  name: string;
  title: string;
  description: string;
  input: Input;
  output: z.ZodRawShape;
  annotations: ToolAnnotations;
  run(args: z.infer<z.ZodObject<Input>>, call: ToolCall): Promise<ToolOutput>;
}

/** Declares a tool with its argument types inferred from its input shape. */
export function defineTool<Input extends z.ZodRawShape>(definition: ToolDefinition<Input>): ToolDefinition {
  return definition as unknown as ToolDefinition;
}

/** Tools read the project and never change a database; only proposals write (pending files). */
export const READ_ONLY: ToolAnnotations = { readOnlyHint: true, openWorldHint: false };

export interface RegisterOptions {
  /** Where each call is logged (`--verbose`: stderr); nothing is logged when absent. */
  log?: (line: string) => void;
}

/**
 * Registers tools on the server: each call runs the handler, turns a thrown error into a tool
 * error carrying its hint (`isError: true`, never a protocol error: the assistant should read it),
 * redacts the result, and logs one line when asked to.
 */
export function registerTools(
  server: McpServer,
  host: McpHost,
  tools: readonly ToolDefinition[],
  options: RegisterOptions = {},
): void {
  for (const tool of tools) {
    const handler = async (args: unknown, extra: { signal: AbortSignal }): Promise<CallToolResult> => {
      const started = performance.now();
      let outcome = 'ok';
      try {
        // The name goes into `generated_by` of proposals: a short slug, whatever the client sent.
        const client = server.server
          .getClientVersion()
          ?.name?.replace(/[^\w.@-]+/g, '-')
          .slice(0, 40);
        const output = await tool.run(args as never, { host, signal: extra.signal, ...(client ? { client } : {}) });
        return toolSuccess(output, host.secrets());
      } catch (error) {
        outcome = `error ${toDatachatError(error).code}`;
        return toolFailure(error, host.secrets());
      } finally {
        options.log?.(`mcp ${tool.name}: ${outcome} in ${Math.round(performance.now() - started)} ms`);
      }
    };
    server.registerTool(
      tool.name,
      {
        title: tool.title,
        description: tool.description,
        inputSchema: tool.input,
        outputSchema: tool.output,
        annotations: tool.annotations,
      },
      handler as never,
    );
  }
}
