import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { expect } from 'vitest';
import type { z } from 'zod';
import { buildApp } from '../../../src/server/app.js';
import { RESPONSE_MISMATCH } from '../../../src/server/response-check.js';
import { camelCaseKeys } from './json-casing.js';
import { ProjectContext } from '../../../src/services/project-context.js';

export const ENV = { DATACHAT_SECRET_KEY: 'test-key' };

export interface TestServer {
  app: FastifyInstance;
  project: ProjectContext;
  dir: string;
  /** Every response body seen so far (for the redaction checks). */
  bodies: string[];
  call(method: InjectOptions['method'], url: string, body?: unknown, headers?: Record<string, string>): Promise<Reply>;
  close(): Promise<void>;
}

export interface Reply {
  status: number;
  headers: Record<string, unknown>;
  text: string;
  // biome-ignore lint/suspicious/noExplicitAny: tests read fields freely; schemas check shapes
  json: any;
}

/** A fresh project folder (empty: no .datachat.yml yet) and an app over it. */
export function tempProject(prefix: string): string {
  const root = mkdtempSync(join(tmpdir(), `datachat-server-${prefix}-`));
  const dir = join(root, 'p');
  mkdirSync(dir);
  return dir;
}

export function startServer(dir: string, options: { env?: Record<string, string>; cors?: string } = {}): TestServer {
  const env = { ...ENV, ...options.env };
  const project = ProjectContext.load({ dir, cwd: dir, env });
  // Every response of these tests is checked against its documented schema (see response-check.ts).
  const app = buildApp({ project, env, checkResponses: true, ...(options.cors ? { cors: options.cors } : {}) });
  const bodies: string[] = [];
  return {
    app,
    project,
    dir,
    bodies,
    async call(method, url, body, headers = {}) {
      // As a script or the CLI would: a bodiless write says so with X-Datachat-Request (see auth.ts).
      const marker = body === undefined && method !== 'GET' ? { 'x-datachat-request': '1' } : {};
      const response = await app.inject({
        method,
        url,
        headers: { ...marker, ...headers },
        ...(body === undefined ? {} : { payload: body as InjectOptions['payload'] }),
      });
      bodies.push(response.body);
      let json: unknown;
      try {
        json = JSON.parse(response.body);
      } catch {
        json = undefined;
      }
      // A drift fails the test whatever it asserts next, and so does a camelCase key.
      if ((json as { error?: unknown } | undefined)?.error === RESPONSE_MISMATCH)
        throw new Error(`${method} ${url}: ${response.body}`);
      // The OpenAPI document's own keys (operationId, requestBody) are OpenAPI's; openapi.test.ts checks its schemas.
      const camel = url.includes('/openapi.json') ? [] : camelCaseKeys(json);
      if (camel.length)
        throw new Error(`${method} ${url}: camelCase key(s) ${camel.slice(0, 5).join(', ')} in the response`);
      return { status: response.statusCode, headers: response.headers, text: response.body, json };
    },
    async close() {
      await app.close();
      await project.close();
    },
  };
}

/** Initializes the sample project through the API (?wait=true) and checks the initialize response (docs/rest-api.md). */
export async function initializeSample(server: TestServer, autoApprove: boolean): Promise<Reply> {
  const reply = await server.call('POST', '/api/v1/system/initialize?wait=true', {
    sample: true,
    offline: true,
    auto_approve_datapoints: autoApprove,
  });
  expect(reply.status, reply.text).toBe(200);
  return reply;
}

/** Parses `value` with `schema`, failing the test with zod's issues. */
export function expectShape<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success)
    throw new Error(
      `response does not match its schema: ${JSON.stringify(parsed.error.issues.slice(0, 3))}\n${JSON.stringify(value).slice(0, 500)}`,
    );
  return parsed.data;
}

/** Polls GET /jobs/{id} until the job leaves `running`. */
export async function waitForJob(server: TestServer, statusUrl: string, timeoutMs = 60_000): Promise<Reply> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const reply = await server.call('GET', statusUrl);
    if (reply.status !== 200 || reply.json.status !== 'running') return reply;
    if (Date.now() > deadline) throw new Error(`job still running after ${timeoutMs} ms: ${reply.text}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
