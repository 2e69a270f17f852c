#!/usr/bin/env node
// CommonJS on purpose (bin/package.json): `datachat --help` and `--version`, the first commands a newcomer
// runs, print what the build and the manifest hold without starting the ES module loader or loading any
// module (dist/cli/help.txt is commander's own top-level help, captured by `npm run build`). Everything
// else goes through the CLI bundle.
'use strict';
const { readFileSync } = require('node:fs');
const { join } = require('node:path');

const args = process.argv.slice(2);
const only = args.length === 1 ? args[0] : undefined;
let served = false;
try {
  if (only === '--help' || only === '-h') {
    process.stdout.write(readFileSync(join(__dirname, '..', 'dist', 'cli', 'help.txt'), 'utf8'));
    served = true;
  } else if (only === '--version' || only === '-V') {
    process.stdout.write(`${JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')).version}\n`);
    served = true;
  }
} catch {
  // Not built by `npm run build` (no help.txt): the CLI prints it.
}
if (!served) {
  // Node ≥ 22.1 keeps V8's compiled code of the bundle between runs (validated against the source by node;
  // NODE_DISABLE_COMPILE_CACHE turns it off), which removes most of the compile time of a start. Node 20
  // has no such API: nothing happens there.
  require('node:module').enableCompileCache?.();
  import('../dist/bundle/main.js');
}
