import type { ValueHit } from '../../knowledge/retriever.js';

/**
 * The context blocks of a user prompt within a character budget (≈ 4 characters a token): a block that
 * would pass the budget is left out, and `add` says so, so callers stop listing lower-ranked items.
 */
export class BudgetedContext {
  private readonly parts: string[] = [];
  private used = 0;

  constructor(private readonly budgetChars: number) {}

  add(text: string): boolean {
    if (this.used + text.length > this.budgetChars) return false;
    this.parts.push(text);
    this.used += text.length;
    return true;
  }

  /** Literal values of the question and the columns that hold them, when there are any. */
  addValues(values: readonly ValueHit[]): void {
    if (values.length)
      this.add(
        `VALUES MENTIONED: ${values.map((v) => `${JSON.stringify(v.value)} is in ${v.table}.${v.column}`).join('; ')}`,
      );
  }

  /** The blocks, then the question. */
  prompt(question: string): string {
    return `${this.parts.join('\n\n')}\n\nQUESTION: ${question}`;
  }
}
