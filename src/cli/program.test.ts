import { describe, expect, it } from 'vitest';
import type { Command } from 'commander';
import { buildProgram } from './program.js';

interface Parsed {
  path: string;
  args: string[];
  options: Record<string, unknown>;
  globals: Record<string, unknown>;
}

class Stop extends Error {}

/** Parses argv like the CLI does and returns what the handler would receive, without running it. */
async function parse(argv: string[]): Promise<Parsed> {
  const program = buildProgram({ env: {}, cwd: '/tmp', stdinIsTTY: false, onContext: () => {} });
  let parsed: Parsed | undefined;
  program.hook('preAction', (_root: Command, action: Command) => {
    const path: string[] = [];
    for (let c: Command | null = action; c && c !== program; c = c.parent) path.unshift(c.name());
    parsed = { path: path.join(' '), args: action.args, options: action.opts(), globals: action.optsWithGlobals() };
    throw new Stop();
  });
  program.configureOutput({ writeOut: () => {}, writeErr: () => {} });
  await program.parseAsync(argv, { from: 'user' }).catch((error: unknown) => {
    if (!(error instanceof Stop)) throw error;
  });
  if (!parsed) throw new Error(`no action for ${argv.join(' ')}`);
  return parsed;
}

/** argv → the command, positional arguments and options each handler receives. */
describe('command line parsing', () => {
  it.each([
    [
      ['init', '--sample', '--yes', '--auto-approve'],
      'init',
      [],
      { sample: true, autoApprove: true, profile: true, generate: true },
    ],
    [
      ['init', '--db', 'a=sqlite:a.db', '--db', 'b=sqlite:b.db', '--no-profile'],
      'init',
      [],
      { db: ['a=sqlite:a.db', 'b=sqlite:b.db'], profile: false },
    ],
    [['status'], 'status', [], {}],
    [['sync', '--watch'], 'sync', [], { watch: true }],
    [
      ['profile', 'shop', '--tables', 'orders,customers', '--sample-size', '500'],
      'profile',
      ['shop'],
      { tables: 'orders,customers', sampleSize: '500' },
    ],
    [
      ['review', '--approve', 'sample/revenue', 'sample/orders'],
      'review',
      [],
      { approve: ['sample/revenue', 'sample/orders'], approveAll: false },
    ],
    [['review', '--reject', 'x', '--approve-all'], 'review', [], { reject: ['x'], approveAll: true }],
    [
      ['generate', 'shop', '--offline', '--diff'],
      'generate',
      ['shop'],
      { offline: true, diff: true, autoApprove: false },
    ],
    [
      ['ask', 'revenue by month', '--db', 'shop', '--format', 'csv', '--no-chart'],
      'ask',
      ['revenue by month'],
      { db: 'shop', format: 'csv', chart: false },
    ],
    [
      ['ask', 'and by channel?', '--conversation', 'conv_1', '--sql-only'],
      'ask',
      ['and by channel?'],
      { conversation: 'conv_1', sqlOnly: true },
    ],
    [['ask', 'and by month?', '-c'], 'ask', ['and by month?'], { continue: true }],
    [['ask', 'and by month?', '--continue'], 'ask', ['and by month?'], { continue: true }],
    [['conversations', '--limit', '5'], 'conversations', [], { limit: '5' }],
    [['query', 'SELECT 1', '--dry-run'], 'query', ['SELECT 1'], { dryRun: true }],
    [['context', 'revenue', '--k', '5'], 'context', ['revenue'], { k: '5' }],
    [['eval', 'q.yaml'], 'eval', ['q.yaml'], {}],
    [
      ['check', 'shop', '--strict', '--no-live', '--row-drift', '5'],
      'check',
      ['shop'],
      { strict: true, live: false, rowDrift: '5' },
    ],
    [['completion', 'zsh'], 'completion', ['zsh'], {}],
    [
      ['serve', '--port', '0', '--cors', 'http://localhost:5173'],
      'serve',
      [],
      { port: '0', host: '127.0.0.1', cors: 'http://localhost:5173' },
    ],
    [['mcp', '--dir', '/p', '--verbose'], 'mcp', [], {}],
    [['datapoints', 'list', '--type', 'Schema'], 'datapoints list', [], { type: 'Schema' }],
    [['datapoints', 'show', 'orders', '--db', 'shop'], 'datapoints show', ['orders'], { db: 'shop' }],
    [['datapoints', 'add', '-'], 'datapoints add', ['-'], {}],
    [['datapoints', 'edit', 'revenue'], 'datapoints edit', ['revenue'], {}],
    [['datapoints', 'remove', 'sample/x'], 'datapoints remove', ['sample/x'], {}],
    [
      ['db', 'add', 'w', 'postgresql://u@h/d', '--default', '--tags', 'a,b', '--no-test'],
      'db add',
      ['w', 'postgresql://u@h/d'],
      { default: true, tags: 'a,b', test: false },
    ],
    [
      ['db', 'edit', 'w', '--url', 'sqlite:w.db', '--tags', 'a', '--description', 'd', '--default', '--no-test'],
      'db edit',
      ['w'],
      { url: 'sqlite:w.db', tags: 'a', description: 'd', default: true, test: false },
    ],
    [['db', 'list'], 'db list', [], { activeOnly: false }],
    [['db', 'list', '--tags', 'a,b', '--active-only'], 'db list', [], { tags: 'a,b', activeOnly: true }],
    [['db', 'show', 'w'], 'db show', ['w'], {}],
    [['db', 'test'], 'db test', [], {}],
    [['db', 'default', 'w'], 'db default', ['w'], {}],
    [['db', 'remove', 'w'], 'db remove', ['w'], {}],
    [['__complete', 'connections'], '__complete', ['connections'], {}],
  ] as const)('%j → %s', async (argv, path, args, options) => {
    const parsed = await parse([...argv]);
    expect(parsed.path).toBe(path);
    expect(parsed.args).toEqual(args);
    expect(parsed.options).toMatchObject(options);
  });

  it('mcp takes the global --dir and --verbose', async () => {
    const parsed = await parse(['mcp', '--dir', '/p', '--verbose']);
    expect(parsed.globals).toMatchObject({ dir: '/p', verbose: true });
    await expect(parse(['mcp', 'extra'])).rejects.toMatchObject({ code: 'commander.excessArguments' });
  });

  it('reads global flags before or after the command', async () => {
    const before = await parse(['--dir', '/p', '--json', 'status']);
    const after = await parse(['status', '--dir', '/p', '--json', '--verbose']);
    for (const parsed of [before, after]) expect(parsed.globals).toMatchObject({ dir: '/p', json: true });
    expect(after.globals.verbose).toBe(true);
  });

  it('refuses an unknown option and a value outside the choices', async () => {
    await expect(parse(['status', '--nope'])).rejects.toMatchObject({ code: 'commander.unknownOption' });
    await expect(parse(['ask', 'q', '--format', 'xml'])).rejects.toMatchObject({ code: 'commander.invalidArgument' });
    await expect(parse(['completion', 'tcsh'])).rejects.toMatchObject({ code: 'commander.invalidArgument' });
  });

  it('covers every command', () => {
    const program = buildProgram({ env: {}, cwd: '/tmp', stdinIsTTY: false, onContext: () => {} });
    const leaves: string[] = [];
    const walk = (cmd: Command, prefix: string[]) => {
      for (const sub of cmd.commands) {
        if (sub.commands.length) walk(sub, [...prefix, sub.name()]);
        else leaves.push([...prefix, sub.name()].join(' '));
      }
    };
    walk(program, []);
    const tested = new Set([
      'init',
      'status',
      'sync',
      'profile',
      'review',
      'generate',
      'ask',
      'query',
      'context',
      'eval',
      'check',
      'completion',
      'serve',
      'mcp',
      'datapoints list',
      'datapoints show',
      'datapoints add',
      'datapoints edit',
      'datapoints remove',
      'db add',
      'db edit',
      'db list',
      'conversations',
      'db show',
      'db test',
      'db default',
      'db remove',
      '__complete',
    ]);
    expect(leaves.filter((leaf) => !tested.has(leaf))).toEqual([]);
  });

  it('shows the global flags in every subcommand help', () => {
    const program = buildProgram({ env: {}, cwd: '/tmp', stdinIsTTY: false, onContext: () => {} });
    const ask = program.commands.find((c) => c.name() === 'ask')!;
    const help = ask.helpInformation();
    expect(help).toContain('Global Options:');
    expect(help).toContain('--json');
    expect(help).toContain('--dir <path>');
  });
});
