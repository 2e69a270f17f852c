import type { CommandContext } from '../terminal/command-context.js';
import type { Output } from '../terminal/output.js';
import type { Prompts } from '../terminal/prompts.js';
import { reviewYaml } from '../datapoints/datapoint-diff.js';
import { AbortedError, formatFileIssue, UsageError } from '../errors.js';
import type { SyncResult } from '../knowledge/knowledge-indexer.js';
import type { ReviewItem, ReviewResult, ReviewService } from '../services/review-service.js';

interface ReviewCommandOptions {
  approve?: string[];
  reject?: string[];
  approveAll?: boolean;
  reason?: string;
}

/** Test seam: scripted prompts instead of @inquirer/prompts. */
export interface ReviewDeps {
  prompts?: Prompts;
}

type Decision = 'approve' | 'edit' | 'reject' | 'skip' | 'approve-rest' | 'quit';

export async function run(
  context: CommandContext,
  options: ReviewCommandOptions,
  deps: ReviewDeps = {},
): Promise<void> {
  const project = await context.project();
  project.requireProject();
  const { ReviewService } = await import('../services/review-service.js');
  const service = new ReviewService(project);
  const approve = options.approve ?? [];
  const reject = options.reject ?? [];
  if (options.approveAll || approve.length || reject.length) {
    return applyFlags(context, service, {
      approve,
      reject,
      approveAll: Boolean(options.approveAll),
      reason: options.reason,
    });
  }
  if (!context.interactive) return listPending(context, service.list());
  const prompts = deps.prompts ?? (await import('../terminal/prompts.js')).createPrompts();
  // Services never read the environment: the editor command is resolved here, like git does.
  const editor = context.env.VISUAL || context.env.EDITOR || 'vi';
  return reviewInteractively(context, service, prompts, editor);
}

/** JSON view of an item (the DataPoint itself is in the diff and the file). */
function itemJson({ dataPoint: _dataPoint, ...rest }: ReviewItem): Omit<ReviewItem, 'dataPoint'> {
  return rest;
}

function listPending(context: CommandContext, items: ReviewItem[]): void {
  const { output } = context;
  if (context.globals.json) {
    output.printJson(items.map(itemJson));
    return;
  }
  if (items.length === 0) {
    output.line('No DataPoints are pending review.');
    return;
  }
  output.table(
    items.map((i) => ({
      id: i.key,
      type: i.type,
      name: i.name,
      confidence: i.confidence ?? '',
      generated_by: i.generated_by ?? '',
      change: changeLabel(i),
    })),
  );
  output.info(
    `${items.length} pending. Approve with \`datachat review --approve <id>\` or \`--approve-all\`, reject with \`--reject <id>\`; run \`datachat review\` in a terminal to step through them.`,
  );
}

function changeLabel(item: ReviewItem): string {
  const tables = item.reason.rejection?.changed_tables ?? [];
  if (item.reason.kind === 'schema_changed_since_rejection')
    return `rejected before; schema of ${tables.join(', ') || 'its tables'} changed since`;
  if (!item.replaces_approved) return 'new';
  return item.diff ? `replaces approved (+${item.additions} -${item.deletions})` : 'same as approved';
}

interface ReviewFlags {
  approve: string[];
  reject: string[];
  approveAll: boolean;
  reason?: string;
}

async function applyFlags(context: CommandContext, service: ReviewService, flags: ReviewFlags): Promise<void> {
  // Validate every id before any file moves, so a typo changes nothing.
  const toReject = service.resolve(flags.reject);
  const toApprove = service.resolve(flags.approve);
  const both = toApprove.filter((k) => toReject.includes(k));
  if (both.length) throw new UsageError(`Cannot both approve and reject ${both.join(', ')}.`);
  // Rejections first, so `--reject x --approve-all` means "everything except x".
  const rejected = await service.reject(toReject, { sync: false, ...(flags.reason ? { reason: flags.reason } : {}) });
  const approved = flags.approveAll
    ? await service.approveAll({ sync: false })
    : await service.approve(toApprove, { sync: false });
  const sync = await service.sync();
  const result: Required<ReviewResult> & { pending: number } = {
    approved: approved.approved,
    rejected: rejected.rejected,
    sync,
    pending: service.list().length,
  };
  const { output } = context;
  if (context.globals.json) return output.printJson(result);
  for (const a of result.approved)
    output.success(`Approved ${a.key} → ${a.file}${a.replaced ? ' (replaced the approved version)' : ''}`);
  for (const r of result.rejected) output.success(`Rejected ${r.key}`);
  if (!result.approved.length && !result.rejected.length) output.line('Nothing was pending review.');
  output.line(`${syncLine(sync)} ${result.pending} DataPoint${result.pending === 1 ? '' : 's'} still pending.`);
}

function syncLine(sync: SyncResult): string {
  return `Knowledge index synced: ${sync.total} DataPoints (${sync.added} added, ${sync.updated} updated, ${sync.removed} removed).`;
}

/** Colored diff lines (headers dim, additions green, deletions red). */
function printDiff(output: Output, diff: string): void {
  for (const line of diff.replace(/\n$/, '').split('\n')) {
    if (line.startsWith('---') || line.startsWith('+++')) output.line(output.color.dim(line));
    else if (line.startsWith('@@')) output.line(output.color.cyan(line));
    else if (line.startsWith('+')) output.line(output.color.green(line));
    else if (line.startsWith('-')) output.line(output.color.red(line));
    else output.line(line);
  }
}

function showItem(output: Output, item: ReviewItem, position: string): void {
  const facts = [
    item.type,
    item.confidence === null ? undefined : `confidence ${item.confidence}`,
    item.generated_by ? `generated by ${item.generated_by}` : undefined,
  ].filter(Boolean);
  output.line();
  output.line(
    `${output.color.bold(`${position} ${item.key}`)}  "${item.name}"  ${output.color.dim(facts.join(' · '))}`,
  );
  if (item.reason.kind === 'schema_changed_since_rejection')
    output.line(output.color.dim(`Proposed again: ${changeLabel(item)}.`));
  if (!item.replaces_approved) {
    output.line(output.color.dim(`New DataPoint → ${item.approved_file}`));
    output.line(reviewYaml(item.dataPoint).replace(/\n$/, ''));
    return;
  }
  if (!item.diff) {
    output.line(output.color.dim(`Identical to the approved ${item.approved_file}.`));
    return;
  }
  output.line(output.color.dim(`Replaces the approved ${item.approved_file} (+${item.additions} -${item.deletions}):`));
  printDiff(output, item.diff);
}

async function reviewInteractively(
  context: CommandContext,
  service: ReviewService,
  prompts: Prompts,
  editor: string,
): Promise<void> {
  const { output } = context;
  const keys = service.list().map((i) => i.key);
  if (keys.length === 0) {
    output.line('No DataPoints are pending review.');
    return;
  }
  const tally = { approved: 0, rejected: 0, skipped: 0, left: 0 };
  let sync: SyncResult | undefined;
  try {
    review: for (let index = 0; index < keys.length; index++) {
      let key = keys[index]!;
      for (;;) {
        const item = service.get(key);
        showItem(output, item, `[${index + 1}/${keys.length}]`);
        const decision = await prompts.select<Decision>({
          message: `${item.key}:`,
          choices: [
            { value: 'approve', name: 'Approve', description: `move to ${item.approved_file}` },
            { value: 'edit', name: 'Edit', description: `open in ${editor}` },
            { value: 'reject', name: 'Reject', description: 'delete the pending file' },
            { value: 'skip', name: 'Skip', description: 'leave it pending' },
            {
              value: 'approve-rest',
              name: 'Approve all remaining',
              description: `this and the ${keys.length - index - 1} after it`,
            },
            { value: 'quit', name: 'Quit', description: 'leave this and the rest pending' },
          ],
        });
        if (decision === 'edit') {
          try {
            const edited = await service.edit(key, editor, {
              onInvalid: async (error) => {
                for (const issue of error.issues) output.warn(formatFileIssue(issue));
                return prompts.select<'retry' | 'discard'>({
                  message: 'The edited DataPoint is not valid.',
                  choices: [
                    { value: 'retry', name: 'Edit again' },
                    { value: 'discard', name: 'Discard the edit' },
                  ],
                });
              },
            });
            key = edited.key;
            if (edited.status === 'updated') output.success(`Updated the pending ${key}.`);
            else output.line(edited.status === 'unchanged' ? 'No changes.' : 'Edit discarded.');
          } catch (error) {
            if (error instanceof AbortedError) throw error;
            output.warn((error as Error).message);
          }
          continue;
        }
        if (decision === 'approve') {
          await service.approve([key], { sync: false });
          tally.approved++;
        } else if (decision === 'reject') {
          await service.reject([key], { sync: false });
          tally.rejected++;
        } else if (decision === 'skip') tally.skipped++;
        else if (decision === 'approve-rest') {
          const pendingNow = new Set(service.list().map((i) => i.key));
          const result = await service.approve([key, ...keys.slice(index + 1).filter((k) => pendingNow.has(k))], {
            sync: false,
          });
          tally.approved += result.approved.length;
          break review;
        } else {
          tally.left = keys.length - index;
          break review;
        }
        break;
      }
    }
  } finally {
    // Whatever happened (Quit, Ctrl-C, an error), what was approved or rejected gets indexed.
    if (tally.approved || tally.rejected) sync = await service.sync();
  }
  output.line();
  output.success(
    `Approved ${tally.approved}, rejected ${tally.rejected}, skipped ${tally.skipped}${tally.left ? `, ${tally.left} left pending (quit)` : ''}.`,
  );
  if (sync) output.line(syncLine(sync));
  else output.line('Nothing approved or rejected; the knowledge index is unchanged.');
}
