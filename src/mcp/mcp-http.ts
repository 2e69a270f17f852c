import type { FastifyInstance } from 'fastify';
import type { McpHost } from './mcp-host.js';

/** Where `datachat serve` answers MCP (Streamable HTTP), beside the REST API under /api/v1. */
export const MCP_PATH = '/mcp';

export interface McpRouteOptions {
  /** Where each tool call is logged (the server's log). */
  log?: (line: string) => void;
}

/**
 * Mounts the MCP server at /mcp over Streamable HTTP, stateless: each POST carries JSON-RPC
 * messages and gets its JSON answer, on a server built for that request over the app's shared
 * services (write lock, chat slots, answer cache). GET (a server-to-client stream) and DELETE (a
 * session) are 405: there are no sessions and nothing to push. The app's security hooks run first,
 * as for /api/v1: loopback Host without a token, `Authorization: Bearer` with one, and the
 * cross-site rules (a POST must be JSON). The SDK is loaded on the first request, not at startup.
 */
export function registerMcpRoute(app: FastifyInstance, host: McpHost, options: McpRouteOptions = {}): void {
  app.route({
    method: ['GET', 'POST', 'DELETE'],
    url: MCP_PATH,
    handler: async (request, reply) => {
      if (request.method !== 'POST') {
        return reply
          .code(405)
          .header('allow', 'POST')
          .send({
            error: 'method_not_allowed',
            message: `${request.method} ${MCP_PATH} is not supported: this MCP endpoint is stateless.`,
            hint: 'POST JSON-RPC messages (Streamable HTTP) with `Accept: application/json, text/event-stream`.',
          });
      }
      const [{ StreamableHTTPServerTransport }, { buildMcpServer }] = await Promise.all([
        import('@modelcontextprotocol/sdk/server/streamableHttp.js'),
        import('./mcp-server.js'),
      ]);
      const server = buildMcpServer(host, options);
      const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
      // The SDK writes the response itself; fastify's serializer and hooks stay out of it.
      reply.hijack();
      reply.raw.setHeader('cache-control', 'no-store');
      reply.raw.on('close', () => {
        void transport.close().catch(() => undefined);
        void server.close().catch(() => undefined);
      });
      try {
        await server.connect(transport);
        await transport.handleRequest(request.raw, reply.raw, request.body);
      } catch (error) {
        request.log.error({ message: (error as Error).message }, 'MCP request failed');
        if (!reply.raw.headersSent) {
          reply.raw.writeHead(500, { 'content-type': 'application/json' });
          reply.raw.end(
            JSON.stringify({ jsonrpc: '2.0', error: { code: -32603, message: 'Internal error' }, id: null }),
          );
        }
      }
    },
  });
}
