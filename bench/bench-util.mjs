// Helpers shared by the benchmark scripts.

/** Runs `work` and returns its value with the elapsed milliseconds. */
export async function timed(work) {
  const started = performance.now();
  const value = await work();
  return { value, ms: performance.now() - started };
}

export function round(n, digits = 0) {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

/** `850 ms` or `2.35 s`. */
export function seconds(ms) {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`;
}

/** Imports a compiled module from dist/, saying what to do when the project is not built. */
export async function loadDist(path) {
  try {
    return await import(new URL(`../dist/${path}`, import.meta.url).href);
  } catch (error) {
    if (error?.code === 'ERR_MODULE_NOT_FOUND') {
      throw new Error(`dist/${path} is missing: run \`npm run build\` first.`, { cause: error });
    }
    throw error;
  }
}
