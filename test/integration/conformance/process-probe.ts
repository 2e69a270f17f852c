import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ConnectorSettings } from '../../../src/connectors/connector.js';

/** Where processes can be inspected (Linux /proc); elsewhere the CPU checks are skipped. */
export const canProbeProcesses = existsSync('/proc/self/stat');

interface ProcStat {
  pid: number;
  ppid: number;
  /** utime + stime in clock ticks. */
  cpuTicks: number;
}

function readStat(pid: number): ProcStat | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: split after its closing one.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    if (fields[0] === 'Z') return undefined;
    return { pid, ppid: Number(fields[1]), cpuTicks: Number(fields[11]) + Number(fields[12]) };
  } catch {
    return undefined;
  }
}

/** Live (non-zombie) descendants of `root` with their CPU time. */
export function descendants(root: number): ProcStat[] {
  const all = readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map((name) => readStat(Number(name)))
    .filter((s): s is ProcStat => !!s);
  const found: ProcStat[] = [];
  const parents = new Set([root]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const stat of all) {
      if (parents.has(stat.ppid) && !parents.has(stat.pid)) {
        parents.add(stat.pid);
        found.push(stat);
        grew = true;
      }
    }
  }
  return found;
}

/**
 * CPU ticks (1/100 s on Linux) that `root` itself (all its threads) and its descendants burn during
 * `windowMs` while this process idles; processes that vanished meanwhile count 0.
 */
export async function cpuTicksWhileIdle(root: number, windowMs: number): Promise<number> {
  const sample = () =>
    new Map([readStat(root), ...descendants(root)].filter((s): s is ProcStat => !!s).map((s) => [s.pid, s.cpuTicks]));
  const before = sample();
  await new Promise((resolve) => setTimeout(resolve, windowMs));
  let burnt = 0;
  for (const [pid, ticks] of sample()) burnt += ticks - (before.get(pid) ?? ticks);
  return burnt;
}

/** State letter (R running, S sleeping...) of every thread of `pid`. */
function threadStates(pid: number): Map<string, string> {
  const states = new Map<string, string>();
  try {
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      try {
        const text = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
        states.set(`${pid}/${tid}`, text.slice(text.lastIndexOf(')') + 2, text.lastIndexOf(')') + 3));
      } catch {
        // The thread ended meanwhile.
      }
    }
  } catch {
    // The process ended meanwhile.
  }
  return states;
}

/**
 * Threads of `root` (other than its main thread, which runs this check) and of its descendants that
 * are runnable in nearly every one of `samples` looks over `windowMs`: a statement still running.
 * Counting runnable states rather than CPU time keeps the check meaningful on a crowded machine.
 */
export async function busyThreads(root: number, windowMs: number, samples = 10): Promise<string[]> {
  const runnable = new Map<string, number>();
  for (let i = 0; i < samples; i++) {
    for (const pid of [root, ...descendants(root).map((d) => d.pid)]) {
      for (const [task, state] of threadStates(pid)) {
        if (task !== `${root}/${root}` && state === 'R') runnable.set(task, (runnable.get(task) ?? 0) + 1);
      }
    }
    await new Promise((resolve) => setTimeout(resolve, windowMs / samples));
  }
  return [...runnable].filter(([, count]) => count >= samples * 0.8).map(([task]) => task);
}

export interface ExitProbe {
  /** Exit code of the probe process, or null when it had to be killed. */
  code: number | null;
  /** Milliseconds from the statement's timeout error to the process ending on its own. */
  exitAfterMs: number | undefined;
  /** What the probe printed (the statement's error message, its live child processes, then `closed`). */
  stdout: string;
  stderr: string;
}

const REGISTRY = fileURLToPath(new URL('../../../dist/connectors/registry.js', import.meta.url));

/**
 * Runs `statement` with `timeoutMs` in a separate Node process through the built connector
 * (dist/), then a quick statement, closes the connector, and returns without process.exit: the
 * process must then end on its own (exit 0), which it cannot while a statement, a thread or a socket
 * is left behind, and must not end early (exit 13) while close() still waits on something.
 */
export async function runInProbeProcess(
  settings: ConnectorSettings,
  statement: string,
  timeoutMs: number,
  limitMs: number,
): Promise<ExitProbe> {
  if (!existsSync(REGISTRY)) throw new Error(`${REGISTRY} is missing: build first (npx tsc -p tsconfig.json).`);
  const script = `
    const { createConnector } = await import(${JSON.stringify(REGISTRY)});
    const connector = await createConnector(${JSON.stringify(settings)});
    const error = await connector.execute(${JSON.stringify(statement)}, { timeoutMs: ${timeoutMs} }).then(() => undefined, (e) => e);
    console.log(JSON.stringify({ failed: String(error && error.message) }));
    // The connector is usable again, then closed while idle (an idle connection must not hold the process either).
    const after = await connector.execute('SELECT 1 AS one');
    console.log(JSON.stringify({ after: after.rowCount }));
    await connector.close();
    // Processes still running under this one (a statement's process must be gone by now).
    const { readdirSync, readFileSync } = await import('node:fs');
    const children = readdirSync('/proc').filter((n) => /^\\d+$/.test(n)).filter((n) => {
      try {
        const stat = readFileSync('/proc/' + n + '/stat', 'utf8');
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        return fields[0] !== 'Z' && Number(fields[1]) === process.pid;
      } catch {
        return false;
      }
    });
    console.log(JSON.stringify({ children }));
    console.log('closed');
  `;
  // A file rather than `--input-type=module -e`: that flag would also apply to eval'd worker sources.
  const dir = mkdtempSync(join(tmpdir(), 'datachat-probe-'));
  const file = join(dir, 'probe.mjs');
  writeFileSync(file, script);
  const child = spawn(process.execPath, [file], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  let failedAt: number | undefined;
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    if (failedAt === undefined && stdout.includes('"failed"')) failedAt = performance.now();
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const killer = setTimeout(() => child.kill('SIGKILL'), limitMs);
  const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
  clearTimeout(killer);
  rmSync(dir, { recursive: true, force: true });
  return { code, exitAfterMs: failedAt === undefined ? undefined : performance.now() - failedAt, stdout, stderr };
}
