import type { CommandContext } from '../terminal/command-context.js';
import type { KnowledgeIndexer, SyncResult } from '../knowledge/knowledge-indexer.js';

interface SyncCommandOptions {
  watch?: boolean;
}

/** Quiet time after the last change before re-syncing: editors and `git checkout` write several files in a burst. */
const DEBOUNCE_MS = 200;

export async function run(context: CommandContext, options: SyncCommandOptions = {}): Promise<void> {
  const project = await context.project();
  project.requireProject();
  const indexer = await project.indexer();
  if (options.watch) return watch(context, project.paths.datapointsDir, indexer);
  report(context, await indexer.sync());
}

function report(context: CommandContext, result: SyncResult): void {
  if (context.globals.json) {
    context.output.printJson(result);
    return;
  }
  if (result.up_to_date) {
    context.output.line(`Already up to date: ${result.total} DataPoints, nothing changed.`);
    return;
  }
  context.output.line(
    `Synced ${result.total} DataPoints: ${result.added} added, ${result.updated} updated, ${result.removed} removed, ${result.unchanged} unchanged (${Math.round(result.elapsed_ms)} ms).`,
  );
}

/**
 * `sync --watch`: syncs once, then again ~200 ms after the last change under datapoints/ (recursive
 * fs.watch, which Node 20 supports on Linux, macOS and Windows). An invalid file is reported with its
 * file:line and watching goes on; the index keeps its last good state meanwhile (sync is all-or-nothing).
 * SIGINT/SIGTERM stop cleanly with exit 0.
 */
async function watch(context: CommandContext, dir: string, indexer: KnowledgeIndexer): Promise<void> {
  const { existsSync, mkdirSync, watch: watchDir } = await import('node:fs');
  const { DataPointValidationError, formatFileIssue } = await import('../errors.js');
  const { output } = context;
  const syncOnce = async (): Promise<void> => {
    try {
      report(context, await indexer.sync());
    } catch (error) {
      if (error instanceof DataPointValidationError) {
        for (const issue of error.issues) output.warn(formatFileIssue(issue));
        output.info('Index unchanged; still watching. Fix the file and save it.');
      } else output.warn(`Sync failed: ${(error as Error).message}; still watching.`);
    }
  };
  // Watching needs the folder; an empty project simply has none yet.
  if (!existsSync(dir)) mkdirSync(dir, { recursive: true });
  await syncOnce();
  output.info(`Watching ${dir} for changes (Ctrl-C to stop).`);

  await new Promise<void>((resolve, reject) => {
    let timer: NodeJS.Timeout | undefined;
    // Syncs run one after another: a change during a sync schedules one more, never a concurrent one.
    let queue = Promise.resolve();
    const watcher = watchDir(dir, { recursive: true }, (_event, name) => {
      // DataPoint files, and folders (no extension: a renamed or removed folder); not the JSON Schema or editor swap files.
      if (name && !/\.ya?ml$/i.test(name) && /\.[^/\\]+$/.test(name)) return;
      clearTimeout(timer);
      timer = setTimeout(() => {
        queue = queue.then(syncOnce);
      }, DEBOUNCE_MS);
    });
    const stop = (error?: Error): void => {
      clearTimeout(timer);
      watcher.close();
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      void queue.then(() => (error ? reject(error) : resolve()));
    };
    const onSignal = (): void => {
      output.info('Stopped watching.');
      stop();
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    watcher.on('error', (error) => stop(error));
  });
}
