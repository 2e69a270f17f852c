// Build step (after tsc): bundles the CLI into dist/bundle/ with esbuild, so a one-shot command loads a
// few chunks instead of ~280 files (datachat's own modules, zod's 99 and yaml's 73 files each cost a
// resolve + read + compile on every start). Code splitting keeps every `await import()` lazy: `--help`
// loads no handler, `ask` never loads the server, the wizard or a warehouse SDK.
//
// Only small pure-JS packages on the hot path are bundled. Everything else stays external, loaded from
// node_modules as before: native addons (better-sqlite3, sqlite-vec), node-sql-parser (its per-dialect
// builds are required by path), the database drivers and warehouse SDKs (optional, lazily imported),
// the LLM client, the server. dist/bundle/ is two levels below the package root, like dist/<layer>/,
// so `new URL('../../templates/…', import.meta.url)` resolves the same in both layouts.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { build } from 'esbuild';

const ROOT = new URL('..', import.meta.url);
const pkg = JSON.parse(readFileSync(new URL('package.json', ROOT), 'utf8'));
const BUNDLED = new Set(['zod', 'yaml', 'commander', 'chalk', 'cli-table3']);
const external = [
  ...Object.keys(pkg.dependencies ?? {}),
  ...Object.keys(pkg.peerDependencies ?? {}),
  ...Object.keys(pkg.optionalDependencies ?? {}),
].filter((name) => !BUNDLED.has(name));

/**
 * Identity of this build: a hash of every source file, the package manifest and the lockfile. Caches that
 * depend on the code that wrote them (src/config/config-cache.ts) are keyed on it.
 */
function buildId() {
  const hash = createHash('sha256');
  const src = new URL('src/', ROOT).pathname;
  const files = readdirSync(src, { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
    .sort();
  for (const file of files)
    hash
      .update(`${file}\0`)
      .update(readFileSync(join(src, file)))
      .update('\0');
  for (const file of ['package.json', 'package-lock.json']) {
    try {
      hash.update(readFileSync(new URL(file, ROOT)));
    } catch {
      // No lockfile in an unpacked tarball: the sources and the manifest still identify the build.
    }
  }
  return hash.digest('hex').slice(0, 32);
}

/**
 * zod's `z.locales` namespace pulls in its ~50 translations (half of zod's code), and every start would
 * compile them; datachat never switches locale (English is registered by zod's schemas.js itself). The
 * namespace keeps only `en` here.
 */
const zodEnglishOnly = {
  name: 'zod-english-only',
  setup(build) {
    build.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[\\/]zod[\\/]v4[\\/](classic|core)$/.test(args.resolveDir)
        ? { path: join(args.resolveDir, '..', 'locales', 'en.js'), namespace: 'zod-locales' }
        : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'zod-locales' }, (args) => ({
      contents: `export { default as en } from ${JSON.stringify(args.path)};`,
      resolveDir: dirname(args.path),
    }));
  },
};

// Chunk names change with their content: old ones must not pile up.
rmSync(new URL('dist/bundle', ROOT), { recursive: true, force: true });

await build({
  absWorkingDir: new URL('.', ROOT).pathname,
  entryPoints: { main: 'src/cli/main.ts' },
  outdir: 'dist/bundle',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // Subpaths too (node-sql-parser/build/sqlite.js, snowflake-sdk/dist/…).
  external: external.flatMap((name) => [name, `${name}/*`]),
  // Errors name themselves after their class (`this.name = new.target.name`): keep class names.
  keepNames: true,
  define: { __DATACHAT_BUILD_ID__: JSON.stringify(buildId()) },
  minifyWhitespace: true,
  minifySyntax: true,
  legalComments: 'none',
  // Bundled CommonJS packages (commander, cli-table3) call require() for node built-ins.
  banner: {
    js: "import { createRequire as __datachatRequire } from 'node:module';\nconst require = __datachatRequire(import.meta.url);",
  },
  logLevel: 'warning',
  plugins: [zodEnglishOnly],
});
