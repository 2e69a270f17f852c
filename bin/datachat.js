#!/usr/bin/env node
// `datachat --help` prints the text the build captured from commander (dist/cli/help.txt) without
// loading any module; everything else goes through the real CLI.
import { readFileSync } from 'node:fs';

const args = process.argv.slice(2);
let served = false;
if (args.length === 1 && (args[0] === '--help' || args[0] === '-h')) {
  try {
    process.stdout.write(readFileSync(new URL('../dist/cli/help.txt', import.meta.url), 'utf8'));
    served = true;
  } catch {
    // No cached help (not built by npm run build): the CLI prints it.
  }
}
if (!served) await import('../dist/bundle/main.js');
