import type { BusinessDataPoint } from '../../datapoints/datapoint-model.js';
import { AbortedError } from '../../errors.js';
import type { WizardContext } from './wizard-context.js';

/** Asked when no metric is approved yet: the catalog answers it without an LLM. */
export const FALLBACK_QUESTION = 'list tables';

/**
 * A first question the new knowledge can answer without an LLM: the most telling metric (one with a
 * time column, business rules or filters, a SUM, high confidence; the default connection's first)
 * "by month", else by its first dimension, else on its own.
 */
export function suggestedQuestion(metrics: readonly BusinessDataPoint[], defaultConnection?: string): string {
  const score = (m: BusinessDataPoint): number =>
    (m.connection === defaultConnection ? 8 : 0) +
    (m.time_column ? 4 : 0) +
    (m.business_rules.length || m.filters.length ? 2 : 0) +
    (m.aggregation === 'SUM' ? 1 : 0) +
    (m.confidence ?? 0);
  const best = [...metrics].sort(
    (a, b) => score(b) - score(a) || a.connection.localeCompare(b.connection) || a.id.localeCompare(b.id),
  )[0];
  if (!best) return FALLBACK_QUESTION;
  if (best.time_column) return `${best.name} by month`;
  const dimension = best.dimensions[0]?.replace(/^.*\./, '').replace(/_/g, ' ');
  return dimension ? `${best.name} by ${dimension}` : best.name;
}

/** Step 7: ask a suggested (editable) question on the new knowledge and print the answer like `ask`. */
export async function askStep(w: WizardContext): Promise<void> {
  const store = await w.project.store();
  const metrics = store.list({ type: 'Business' }).map((d) => d.dataPoint as BusinessDataPoint);
  const question = await w.prompts.input({
    message: 'Ask a first question (Enter to use the suggestion):',
    default: suggestedQuestion(metrics, w.project.defaultConnection()?.id),
  });
  const progress = await w.progress();
  try {
    progress.step(`Answering "${question}"`);
    const { AskService } = await import('../../services/ask-service.js');
    const answer = await new AskService(w.project).ask({ question });
    progress.stop();
    w.output.line();
    const { renderAnswer } = await import('../../commands/ask.js');
    await renderAnswer(w.command, answer);
  } catch (error) {
    if (error instanceof AbortedError) throw error;
    progress.fail('That question could not be answered.');
    // Not fatal: the project is ready; the message says what is missing (an LLM, a metric...).
    w.output.error(error, w.project.knownSecrets());
  } finally {
    progress.stop();
  }
}
