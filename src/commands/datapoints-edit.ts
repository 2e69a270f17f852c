import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CommandContext } from '../terminal/command-context.js';
import { parseDataPoint, serializeDataPoint } from '../datapoints/datapoint-yaml.js';
import { RuntimeError, UsageError } from '../errors.js';

/**
 * Opens an approved DataPoint in $VISUAL/$EDITOR on a copy; the file changes only when the edited
 * text is a valid DataPoint (errors name the line), then the index syncs.
 */
export async function run(context: CommandContext, ref: string, options: { db?: string }): Promise<void> {
  const editor = context.env.VISUAL || context.env.EDITOR;
  if (!editor && !context.stdinIsTTY)
    throw new UsageError('`datachat datapoints edit` opens an editor: set $EDITOR, or run it on a terminal (vi).', {
      hint: 'Or edit the YAML file directly; commands that read knowledge sync it by themselves.',
    });
  const project = await context.project();
  project.requireProject();
  const { DataPointService } = await import('../services/datapoint-service.js');
  const service = new DataPointService(project);
  const existing = await service.resolve(ref, options.db);
  const dir = mkdtempSync(join(tmpdir(), 'datachat-edit-'));
  const temp = join(dir, `${existing.id}.yaml`);
  try {
    const original = serializeDataPoint(existing.dataPoint);
    writeFileSync(temp, original);
    const command = editor || 'vi';
    // Like git: the editor command may carry arguments (`code --wait`).
    const result = spawnSync('sh', ['-c', `${command} "$@"`, command, temp], { stdio: 'inherit' });
    if (result.status !== 0)
      throw new RuntimeError(`The editor (${command}) exited with ${result.status ?? result.signal}; nothing changed.`);
    const text = readFileSync(temp, 'utf8');
    if (text === original) {
      context.output.info('No changes.');
      return;
    }
    const change = await service.update(existing.connection, existing.id, parseDataPoint(existing.file, text));
    if (context.globals.json)
      return context.output.printJson({ key: change.key, file: change.file, sync: change.sync });
    context.output.success(`Updated ${change.key} (${change.file}).`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
