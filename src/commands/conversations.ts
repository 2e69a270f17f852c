import type { CommandContext } from '../terminal/command-context.js';
import { UsageError } from '../errors.js';

/** Lists this project's conversations, most recently used first, so one can be followed up. */
export async function run(context: CommandContext, options: { limit?: string }): Promise<void> {
  const limit = Number(options.limit ?? 20);
  if (!Number.isInteger(limit) || limit < 1) {
    throw new UsageError(`--limit must be a positive whole number, not "${options.limit}".`);
  }
  const project = await context.project();
  project.requireProject();
  const { ConversationStore } = await import('../knowledge/conversation-store.js');
  const conversations = new ConversationStore(await project.store()).list(limit);
  const { output } = context;
  if (context.globals.json) return output.printJson(conversations);
  if (conversations.length === 0) {
    output.info('No conversations yet: ask a question with `datachat ask "..."`.');
    return;
  }
  output.table(
    conversations.map((c) => ({ id: c.id, last_question: c.last_question ?? '', when: c.updated_at, turns: c.turns })),
    ['id', 'last_question', 'when', 'turns'],
  );
  output.info(output.color.dim('Follow up the latest with `datachat ask -c "..."`, another with --conversation <id>.'));
}
