import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { buildApp } from '../../src/server/app.js';
import { DEFAULT_WEB_DIR } from '../../src/server/web-routes.js';
import { ProjectContext } from '../../src/services/project-context.js';
import { BIN } from '../support/run-cli.js';

/** Debian's chromium (`.ci/run` installs it); override with CHROMIUM_PATH. Nothing downloads a browser. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Why the browser suite cannot run here, or undefined. Under CI a missing browser or an unbuilt UI is
 * a failure, not a skip: the suite throws in its beforeAll instead.
 */
export function browserSkipReason(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.CI === 'true' || env.CI === '1') return undefined;
  if (!existsSync(CHROMIUM)) return `no browser at ${CHROMIUM}: \`apt-get install -y chromium\` (CI installs it)`;
  if (!existsSync(join(DEFAULT_WEB_DIR, 'index.html'))) return 'the web UI is not built: run `npm run build`';
  return undefined;
}

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`No chromium at ${CHROMIUM}: install Debian's chromium (see .ci/run).`);
  if (!existsSync(join(DEFAULT_WEB_DIR, 'index.html')))
    throw new Error(`The web UI is not built (${DEFAULT_WEB_DIR}): run \`npm run build\`.`);
  const { chromium } = await import('playwright-core');
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: root ? ['--no-sandbox'] : [] });
}

/** `datachat init --sample --yes [...]` into a fresh folder (async, so several run at once). */
export async function sampleProject(prefix: string, extra: string[] = []): Promise<string> {
  const dir = join(mkdtempSync(join(tmpdir(), `datachat-web-${prefix}-`)), 'p');
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'init', '--sample', '--yes', ...extra, '--dir', dir], {
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '/tmp',
        NO_COLOR: '1',
        DATACHAT_SECRET_KEY: 'test-key',
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`init exited ${code}: ${stderr}`))));
  });
  return dir;
}

export function emptyProject(prefix: string): string {
  const dir = join(mkdtempSync(join(tmpdir(), `datachat-web-${prefix}-`)), 'p');
  mkdirSync(dir);
  return dir;
}

export interface WebServer {
  app: FastifyInstance;
  project: ProjectContext;
  base: string;
  close(): Promise<void>;
}

/** The app in-process on 127.0.0.1:0, every API response checked against its documented schema. */
export async function startWebServer(dir: string, env: Record<string, string> = {}): Promise<WebServer> {
  const fullEnv = { DATACHAT_SECRET_KEY: 'test-key', ...env };
  const project = ProjectContext.load({ dir, cwd: dir, env: fullEnv });
  const app = buildApp({ project, env: fullEnv, checkResponses: true });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    app,
    project,
    base: `http://127.0.0.1:${port}`,
    async close() {
      await app.close();
      await project.close();
    },
  };
}

/**
 * A page that records console errors and uncaught exceptions. Failed API calls the test provokes on
 * purpose (a 501, a 400) show as "Failed to load resource" and are expected; anything else is a bug.
 */
export async function openPage(
  browser: Browser,
  viewport = { width: 1280, height: 900 },
): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(`uncaught: ${e.message}`));
  return { context, page, errors };
}

/** True when the page scrolls sideways (its content is wider than the viewport). */
export async function scrollsSideways(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth + 1);
}

/** Whether something listens on 127.0.0.1:`port` (MariaDB for the wrong-password walk). */
export function listening(port: number, timeoutMs = 2000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    const done = (up: boolean) => {
      socket.destroy();
      resolve(up);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}
