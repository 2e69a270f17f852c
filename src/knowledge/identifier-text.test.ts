import { describe, expect, it } from 'vitest';
import { expandIdentifiers, splitIdentifier, stem, words } from './identifier-text.js';

/**
 * The regex definitions the scanners replaced (quadratic on long words, so only run on short text):
 * the scanners must give the same results.
 */
const reference = {
  split: (identifier: string): string[] =>
    identifier
      .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
      .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
      .split(/[^A-Za-z0-9]+/)
      .filter(Boolean)
      .map((w) => w.toLowerCase()),
  expand: (text: string): string =>
    text.replace(
      /[A-Za-z][A-Za-z0-9]*(?:[_.][A-Za-z0-9]+)+|[a-z]+[A-Z][A-Za-z0-9]*/g,
      (token) => `${token} ${reference.split(token).join(' ')}`,
    ),
};

/** A small deterministic PRNG, so a failure is reproducible. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state / 2 ** 32;
  };
}

describe('identifier text', () => {
  it.each([
    ['order_items', ['order', 'items']],
    ['orderItems', ['order', 'items']],
    ['OrderItems', ['order', 'items']],
    ['HTTPServerError', ['http', 'server', 'error']],
    ['v2Total', ['v2', 'total']],
    ['orders.total_amount', ['orders', 'total', 'amount']],
    ['ÄrgerNis x', ['rger', 'nis', 'x']],
    ['', []],
    ['__', []],
  ])('splitIdentifier(%j) = %j', (input, expected) => {
    expect(splitIdentifier(input)).toEqual(expected);
  });

  it.each([
    ['sum of orders.total by customer_id', 'sum of orders.total orders total by customer_id customer id'],
    ['the orderItems table', 'the orderItems order items table'],
    ['9fooBar a__b x_', '9fooBar foo bar a__b x_'],
    ['plain words only', 'plain words only'],
  ])('expandIdentifiers(%j)', (input, expected) => {
    expect(expandIdentifiers(input)).toBe(expected);
  });

  it('agrees with the regex definitions on 5,000 random strings', () => {
    const next = random(42);
    const alphabet = 'aZbY09_. -xXé';
    for (let i = 0; i < 5000; i++) {
      const pick = (): string => alphabet[Math.floor(next() * alphabet.length)]!;
      const text = Array.from({ length: Math.floor(next() * 24) }, pick).join('');
      expect(splitIdentifier(text), JSON.stringify(text)).toEqual(reference.split(text));
      expect(expandIdentifiers(text), JSON.stringify(text)).toBe(reference.expand(text));
    }
  });

  it('stems plurals', () => {
    const plurals = ['orders', 'categories', 'boxes', 'classes', 'status', 'axes'];
    expect(plurals.map(stem)).toEqual(['order', 'category', 'box', 'class', 'status', 'axe']);
  });

  // Linear time: a 1 MB word takes milliseconds; the regexes took ~40 s at 100 kB and hours at 1 MB.
  // The bound is generous for slow CI machines and still fails on quadratic behaviour.
  it.each([
    ['lower-case', 'a'.repeat(1_000_000)],
    ['upper-case', 'A'.repeat(1_000_000)],
    ['camelCase', 'aB'.repeat(500_000)],
    ['joined', 'a_'.repeat(500_000)],
    ['digits after a letter', `x${'1'.repeat(999_999)}`],
  ])('a 1 MB %s word is handled in linear time with the right result', (_label, word) => {
    const text = `before ${word} after`;
    const started = performance.now();
    const expanded = expandIdentifiers(text);
    const split = words(text);
    const elapsed = performance.now() - started;
    expect(expanded.startsWith('before ')).toBe(true);
    expect(expanded.endsWith(' after')).toBe(true);
    expect(split[0]).toBe('before');
    expect(split.at(-1)).toBe('after');
    expect(split.join('').length).toBe(text.replace(/[^A-Za-z0-9]/g, '').length);
    expect(elapsed).toBeLessThan(5000);
  });
});
