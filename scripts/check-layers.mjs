#!/usr/bin/env node
// Checks that imports under src/ point one way (docs/architecture.md, "Layers"):
//   1. no file-level import cycles (static imports, `export … from`, dynamic `import()`, type-only included);
//   2. no folder importing a folder of a higher layer, and no cycle between folders of the same layer.
// Imports are read with TypeScript's own pre-processor (already a dev dependency), so strings and comments
// that merely look like imports are not counted. Exits 1 on any finding. `--verbose` prints the folder graph.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

// `--root <dir>` checks another tree (the script's own tests); the default is this repository.
const rootArg = process.argv.indexOf('--root');
const root = rootArg > 0 ? resolve(process.argv[rootArg + 1]) : resolve(dirname(fileURLToPath(import.meta.url)), '..');
const srcDir = join(root, 'src');

/** Folder (or top-level file) under src/ → layer rank; a folder may import only its own rank or lower ones. */
const LAYERS = [
  ['cli'],
  ['commands'],
  ['server', 'mcp', 'terminal'],
  ['services'],
  ['query', 'generation', 'profiling'],
  ['llm', 'knowledge'],
  ['datapoints', 'sample'],
  ['connectors', 'config'],
  ['util', 'errors'],
];
const RANK = new Map(LAYERS.flatMap((names, i) => names.map((name) => [name, LAYERS.length - i])));

function listFiles(dir) {
  const out = [];
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) out.push(...listFiles(path));
    else if (entry.endsWith('.ts') && !entry.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

/** The .ts file a relative specifier names, or undefined for a non-TypeScript target (JSON, assets). */
function resolveImport(from, specifier, known) {
  const base = resolve(dirname(from), specifier);
  const candidates = [base.replace(/\.(m?js)$/, '.ts'), base, `${base}.ts`, join(base, 'index.ts')];
  return candidates.find((path) => known.has(path));
}

function moduleOf(file) {
  const first = relative(srcDir, file).split(sep)[0];
  return first.replace(/\.ts$/, '');
}

const files = listFiles(srcDir);
const known = new Set(files);
/** file → [{ to, line }] */
const edges = new Map();
for (const file of files) {
  const text = readFileSync(file, 'utf8');
  const info = ts.preProcessFile(text, true, true);
  const list = [];
  for (const ref of info.importedFiles) {
    if (!ref.fileName.startsWith('.')) continue;
    const to = resolveImport(file, ref.fileName, known);
    if (!to) continue;
    const line = text.slice(0, ref.pos).split('\n').length;
    list.push({ to, line });
  }
  edges.set(file, list);
}

const rel = (file) => relative(root, file);
const problems = [];
for (const name of new Set(files.map(moduleOf))) {
  if (!RANK.has(name)) problems.push(`unknown layer: src/${name} is not in LAYERS (scripts/check-layers.mjs)`);
}

// Folder-level: layer order.
const folderEdges = new Map();
for (const [from, list] of edges) {
  const a = moduleOf(from);
  for (const { to, line } of list) {
    const b = moduleOf(to);
    if (a === b) continue;
    if (!folderEdges.has(a)) folderEdges.set(a, new Map());
    const seen = folderEdges.get(a);
    if (!seen.has(b)) seen.set(b, `${rel(from)}:${line} → ${rel(to)}`);
    if (RANK.has(a) && RANK.has(b) && RANK.get(a) < RANK.get(b)) {
      problems.push(`layer: ${a} must not import ${b} (${rel(from)}:${line} → ${rel(to)})`);
    }
  }
}

/** Tarjan's strongly connected components over a Map<node, Iterable<node>>. */
function components(nodes, next) {
  let index = 0;
  const stack = [];
  const state = new Map();
  const out = [];
  const visit = (v) => {
    state.set(v, { index, low: index, onStack: true });
    index++;
    stack.push(v);
    for (const w of next(v)) {
      if (!state.has(w)) {
        visit(w);
        state.get(v).low = Math.min(state.get(v).low, state.get(w).low);
      } else if (state.get(w).onStack) {
        state.get(v).low = Math.min(state.get(v).low, state.get(w).index);
      }
    }
    if (state.get(v).low === state.get(v).index) {
      const group = [];
      let w;
      do {
        w = stack.pop();
        state.get(w).onStack = false;
        group.push(w);
      } while (w !== v);
      if (group.length > 1 || [...next(v)].includes(v)) out.push(group);
    }
  };
  for (const v of nodes) if (!state.has(v)) visit(v);
  return out;
}

/** One concrete cycle through `start` inside `group` (breadth-first, so the shortest). */
function cycleThrough(start, group, next) {
  const inGroup = new Set(group);
  const prev = new Map([[start, null]]);
  const queue = [start];
  while (queue.length > 0) {
    const v = queue.shift();
    for (const w of next(v)) {
      if (!inGroup.has(w)) continue;
      if (w === start) {
        const path = [v];
        for (let p = prev.get(v); p !== null; p = prev.get(p)) path.unshift(p);
        return [...path, start];
      }
      if (!prev.has(w)) {
        prev.set(w, v);
        queue.push(w);
      }
    }
  }
  return [start];
}

// Folder-level cycles (between folders of the same layer; cross-layer ones are already reported above).
const folderNext = (a) => [...(folderEdges.get(a)?.keys() ?? [])];
for (const group of components([...folderEdges.keys()], folderNext)) {
  const inGroup = new Set(group);
  const via = group.sort().flatMap((a) =>
    folderNext(a)
      .filter((b) => inGroup.has(b))
      .map((b) => `    ${a} → ${b}: ${folderEdges.get(a).get(b)}`),
  );
  problems.push(`folder cycle: ${group.join(', ')}\n${via.join('\n')}`);
}

// File-level cycles.
const fileNext = (f) => (edges.get(f) ?? []).map((e) => e.to);
for (const group of components(files, fileNext)) {
  const cycle = cycleThrough(group.sort()[0], group, fileNext);
  const more = group.length > cycle.length - 1 ? ` (${group.length} files in this cycle group)` : '';
  problems.push(`file cycle: ${cycle.map(rel).join(' → ')}${more}`);
}

if (process.argv.includes('--verbose')) {
  for (const [a, m] of [...folderEdges].sort()) console.log(`${a} → ${[...m.keys()].sort().join(', ')}`);
}
if (problems.length > 0) {
  for (const p of problems) console.error(p);
  console.error(`check-layers: ${problems.length} problem(s) in ${files.length} files`);
  process.exit(1);
}
console.log(`check-layers: ${files.length} files, no import cycles, layers point one way`);
