// Bundles the web UI (web/) into dist/web: index.html, one JS and one CSS file under assets/,
// content-hashed. Run by `npm run build`; `node scripts/build-web.mjs --watch` rebuilds on change.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import * as esbuild from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'dist', 'web');

rmSync(out, { recursive: true, force: true });
mkdirSync(join(out, 'assets'), { recursive: true });

const result = await esbuild.build({
  entryPoints: { app: join(root, 'web', 'main.tsx') },
  outdir: join(out, 'assets'),
  entryNames: '[name]-[hash]',
  bundle: true,
  format: 'esm',
  splitting: false,
  minify: true,
  sourcemap: false,
  target: ['es2022', 'chrome110', 'firefox110', 'safari16'],
  jsx: 'automatic',
  jsxImportSource: 'preact',
  tsconfig: join(root, 'web', 'tsconfig.json'),
  legalComments: 'none',
  metafile: true,
  logLevel: 'warning',
  define: { 'process.env.NODE_ENV': '"production"' },
});

const outputs = Object.keys(result.metafile.outputs).map((file) => basename(file));
const js = outputs.find((f) => f.endsWith('.js'));
const css = outputs.find((f) => f.endsWith('.css'));
if (!js || !css) throw new Error(`esbuild produced ${outputs.join(', ')}: expected one .js and one .css`);

writeFileSync(join(out, 'assets', 'favicon.svg'), readFileSync(join(root, 'web', 'favicon.svg')));
// No inline script or style: the Content-Security-Policy (src/server/web-routes.ts) forbids them.
const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<meta name="csp-nonce" content="__CSP_NONCE__">
<title>datachat</title>
<link rel="icon" href="/assets/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/assets/${css}">
<script type="module" src="/assets/${js}"></script>
</head>
<body>
<div id="app"><noscript>The datachat web UI needs JavaScript; the CLI and the REST API (/api/v1) do not.</noscript></div>
</body>
</html>
`;
writeFileSync(join(out, 'index.html'), html);

const size = (file) => {
  const body = readFileSync(join(out, 'assets', file));
  return `${(body.length / 1024).toFixed(1)} KiB (${(gzipSync(body).length / 1024).toFixed(1)} KiB gzip)`;
};
if (!process.argv.includes('--quiet')) console.log(`web UI: dist/web/assets/${js} ${size(js)}, ${css} ${size(css)}`);
