import { spawn, type ChildProcess } from 'node:child_process';
import { BIN } from '../../support/run-cli.js';

export const SERVE_ENV = {
  PATH: process.env.PATH ?? '',
  HOME: process.env.HOME ?? '/tmp',
  NO_COLOR: '1',
  DATACHAT_SECRET_KEY: 'test-key',
};

export interface ServeProcess {
  child: ChildProcess;
  /** `http://127.0.0.1:<port>/api/v1` */
  base: string;
  stderr: () => string;
}

/** `datachat serve --port 0 --json` from a built binary (default: this checkout's), once it listens. */
export async function spawnServe(dir: string, bin = BIN): Promise<ServeProcess> {
  const child = spawn(process.execPath, [bin, 'serve', '--port', '0', '--json', '--dir', dir], {
    env: SERVE_ENV,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const base = await new Promise<string>((resolve, reject) => {
    let stdout = '';
    const timer = setTimeout(() => reject(new Error(`serve did not start: ${stdout}\n${stderr}`)), 20_000);
    child.stdout!.on('data', (d: Buffer) => {
      stdout += d.toString();
      try {
        resolve((JSON.parse(stdout) as { url: string }).url);
        clearTimeout(timer);
      } catch {
        // Not complete yet.
      }
    });
    child.on('exit', (code) => reject(new Error(`serve exited with ${code}: ${stderr}`)));
  });
  return { child, base, stderr: () => stderr };
}
