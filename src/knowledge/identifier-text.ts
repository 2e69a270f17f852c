/**
 * Splits identifiers into words so that `order_items`, `orderItems` and `OrderItems` all read as
 * "order items" for full-text search and embeddings.
 */
export function splitIdentifier(identifier: string): string[] {
  return identifier
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
}

/** Text with every identifier-looking token expanded into its words (original kept too). */
export function expandIdentifiers(text: string): string {
  return text.replace(/[A-Za-z][A-Za-z0-9]*(?:[_.][A-Za-z0-9]+)+|[a-z]+[A-Z][A-Za-z0-9]*/g, (token) => `${token} ${splitIdentifier(token).join(' ')}`);
}

/** Lower-case words of free text (identifiers split), for embeddings. */
export function words(text: string): string[] {
  return splitIdentifier(text);
}

/** A light English stemmer: enough to make "orders"/"order", "categories"/"category" meet. */
export function stem(word: string): string {
  if (word.length > 4 && word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (word.length > 4 && /(ss|sh|ch|x)es$/.test(word)) return word.slice(0, -2);
  if (word.length > 3 && word.endsWith('s') && !word.endsWith('ss') && !word.endsWith('us')) return word.slice(0, -1);
  return word;
}
