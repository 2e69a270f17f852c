import type { Progress } from '../../terminal/output.js';
import type { WizardContext } from './wizard-context.js';

/** `[██████░░░░░░]` for done/total. */
export function progressBar(done: number, total: number, width = 20): string {
  const filled = total > 0 ? Math.round((done / total) * width) : width;
  return `[${'█'.repeat(filled)}${'░'.repeat(width - filled)}]`;
}

async function withProgress<T>(w: WizardContext, body: (progress: Progress) => Promise<T>): Promise<T> {
  const progress = await w.progress();
  try {
    return await body(progress);
  } finally {
    progress.stop();
  }
}

/** Step 2: introspect every database and write its Schema DataPoints (existing files are kept), then sync. */
export async function introspectStep(w: WizardContext): Promise<void> {
  const { initializeProject } = await import('../../services/init-service.js');
  await withProgress(w, (progress) =>
    initializeProject(w.project, { sample: false, databases: [], profile: false, generate: false }, progress),
  );
}

/** Step 3: profile each database not profiled yet, one line per table as it finishes. */
export async function profileStep(w: WizardContext): Promise<void> {
  const { runProfile } = await import('../../services/profile-service.js');
  for (const connection of w.project.config.connections) {
    if (w.state.profiled.includes(connection.id)) continue;
    await withProgress(w, async (progress) => {
      progress.step(`Profiling ${connection.id}: reading the table list`);
      const { profile } = await runProfile(w.project, connection.id, {
        onProgress: ({ done, total, table, ok }) => {
          const line = `${progressBar(done, total)} ${String(done).padStart(String(total).length)}/${total}  ${table}`;
          if (ok) progress.done(line);
          else progress.fail(`${line} (failed)`);
          if (done < total) progress.step(`Profiling ${connection.id}: ${done}/${total} tables`);
        },
      });
      progress.done(
        `${connection.id}: ${profile.summary.profiled} tables profiled, ${profile.relationships.length} relationships (${profile.insights.undeclared_relationships} undeclared)`,
      );
    });
    w.state.profiled.push(connection.id);
    w.save();
  }
}

/** Step 4: generate DataPoints for review, with the LLM or offline (asked when an LLM is configured). */
export async function generateStep(w: WizardContext): Promise<void> {
  const llm = w.project.config.llm;
  if (!w.state.generate_mode) {
    if (llm) {
      w.state.generate_mode = await w.prompts.select<'llm' | 'offline'>({
        message: 'Generate DataPoints (table descriptions, metrics) with',
        choices: [
          {
            value: 'llm',
            name: `the LLM (${llm.model})`,
            description: 'better names, descriptions and metrics; calls are cached',
          },
          { value: 'offline', name: 'offline heuristics', description: 'no LLM calls; deterministic' },
        ],
      });
    } else {
      w.output.line(
        w.output.color.dim(
          'No LLM is configured (llm: in .datachat.yml): generating DataPoints offline with heuristics.',
        ),
      );
      w.state.generate_mode = 'offline';
    }
    w.save();
  }
  const { runGenerate } = await import('../../services/generate-service.js');
  for (const connection of w.project.config.connections) {
    if (w.state.generated.includes(connection.id)) continue;
    await withProgress(w, async (progress) => {
      progress.step(`Generating DataPoints for ${connection.id}`);
      const result = await runGenerate(w.project, connection.id, {
        offline: w.state.generate_mode === 'offline',
        autoApprove: false,
        onProgress: (m) => progress.step(m),
      });
      const how = result.method === 'llm' ? result.llm_model_used : 'offline';
      progress.done(
        `${connection.id}: ${result.counts.schema} Schema, ${result.counts.business} Business and ${result.counts.process} Process DataPoints (${how}); ${result.pending} to review, ${result.unchanged} unchanged`,
      );
    });
    w.state.generated.push(connection.id);
    w.save();
  }
}

/** Step 5: approve everything, step through (the `datachat review` flow), or leave it for later. */
export async function reviewStep(w: WizardContext): Promise<void> {
  const { ReviewService } = await import('../../services/review-service.js');
  const service = new ReviewService(w.project);
  const pending = service.list();
  if (pending.length === 0) {
    w.output.line('No generated DataPoints are waiting for review.');
    return;
  }
  const byType = new Map<string, number>();
  for (const item of pending) byType.set(item.type, (byType.get(item.type) ?? 0) + 1);
  const counts = [...byType].map(([type, n]) => `${n} ${type}`).join(', ');
  const choice = w.autoApprove
    ? 'all'
    : await w.prompts.select<'all' | 'step' | 'later'>({
        message: `Review the ${pending.length} generated DataPoints (${counts})?`,
        choices: [
          {
            value: 'all',
            name: `Approve all ${pending.length}`,
            description: 'move them into datapoints/ (plain YAML: edit or revert them in git later)',
          },
          { value: 'step', name: 'Step through them', description: 'approve, edit, reject one by one' },
          { value: 'later', name: 'Later', description: 'leave them in .datachat/pending/ for `datachat review`' },
        ],
      });
  if (choice === 'all') {
    const result = await service.approveAll({ sync: false });
    w.output.success(`Approved ${result.approved.length} DataPoints.`);
  } else if (choice === 'step') {
    const review = await import('../../commands/review.js');
    await review.run(w.command, {}, { prompts: w.prompts });
  } else {
    w.output.line(`${pending.length} DataPoints left pending: approve them later with \`datachat review\`.`);
  }
}

/** Step 6: bring the knowledge index up to date with the approved YAML. */
export async function syncStep(w: WizardContext): Promise<void> {
  await withProgress(w, async (progress) => {
    progress.step('Syncing the knowledge index');
    const sync = await (await w.project.indexer()).sync();
    progress.done(
      `Knowledge index: ${sync.total} DataPoints (${sync.added} added, ${sync.updated} updated, ${sync.removed} removed)`,
    );
  });
}
