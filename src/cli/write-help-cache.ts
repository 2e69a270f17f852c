import { writeFileSync } from 'node:fs';
import { buildProgram } from './program.js';

/**
 * Build step: writes commander's own top-level help to dist/cli/help.txt so `datachat --help`, the
 * first command a newcomer runs, prints without loading commander or any module (bin/datachat.js).
 * Run by `npm run build`/`prepare`/`test` after tsc; a missing file just means the normal path.
 */
const program = buildProgram({ env: {}, cwd: process.cwd(), stdinIsTTY: false, onContext: () => undefined });
writeFileSync(new URL('./help.txt', import.meta.url), program.helpInformation());
