// Hand-written scanners instead of regexes: descriptions are user text, and the regexes these replace
// (`([A-Z]+)([A-Z][a-z])`, `[A-Za-z][A-Za-z0-9]*(?:[_.][A-Za-z0-9]+)+`) backtrack quadratically on one
// long word (100,000 characters took 40 s, blocking sync and the server). Every function here is linear.

const isUpper = (c: number): boolean => c >= 65 && c <= 90;
const isLower = (c: number): boolean => c >= 97 && c <= 122;
const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const isAlpha = (c: number): boolean => isUpper(c) || isLower(c);
const isAlnum = (c: number): boolean => isAlpha(c) || isDigit(c);
/** `_` or `.`: what joins the parts of `order_items` and `orders.total`. */
const isJoiner = (c: number): boolean => c === 95 || c === 46;

/**
 * Splits identifiers into words so that `order_items`, `orderItems` and `OrderItems` all read as
 * "order items" for full-text search and embeddings. Words are ASCII letter/digit runs, split before an
 * upper-case letter that follows a lower-case letter or digit (`orderItems`, `v2Total`) and before the
 * last capital of an acronym followed by a lower-case letter (`HTTPServer` → http server).
 */
export function splitIdentifier(identifier: string): string[] {
  const out: string[] = [];
  const n = identifier.length;
  let start = -1;
  for (let i = 0; i <= n; i++) {
    const c = i < n ? identifier.charCodeAt(i) : -1;
    if (!isAlnum(c)) {
      if (start >= 0) out.push(identifier.slice(start, i).toLowerCase());
      start = -1;
      continue;
    }
    if (start < 0) {
      start = i;
      continue;
    }
    if (!isUpper(c)) continue;
    const prev = identifier.charCodeAt(i - 1);
    const camel = isLower(prev) || isDigit(prev);
    const acronymEnd = isUpper(prev) && i + 1 < n && isLower(identifier.charCodeAt(i + 1));
    if (camel || acronymEnd) {
      out.push(identifier.slice(start, i).toLowerCase());
      start = i;
    }
  }
  return out;
}

/**
 * Text with every identifier-looking token expanded into its words (original kept too): tokens joined
 * by `_`/`.` (`order_items`, `orders.total`, starting with a letter) and camelCase words (`orderItems`).
 */
export function expandIdentifiers(text: string): string {
  const n = text.length;
  const parts: string[] = [];
  let copied = 0;
  const emit = (from: number, to: number): void => {
    const token = text.slice(from, to);
    parts.push(text.slice(copied, from), token, ' ', splitIdentifier(token).join(' '));
    copied = to;
  };
  // The letter/digit run around the current position and how far `_`/`.`-joined parts extend it:
  // computed once per run, not once per starting position (which is what made the regex quadratic).
  let runEnd = -1;
  let joinedEnd = -1;
  let p = 0;
  while (p < n) {
    const c = text.charCodeAt(p);
    if (!isAlpha(c)) {
      p++;
      continue;
    }
    if (p >= runEnd) {
      runEnd = p;
      while (runEnd < n && isAlnum(text.charCodeAt(runEnd))) runEnd++;
      joinedEnd = runEnd;
      while (joinedEnd + 1 < n && isJoiner(text.charCodeAt(joinedEnd)) && isAlnum(text.charCodeAt(joinedEnd + 1))) {
        joinedEnd++;
        while (joinedEnd < n && isAlnum(text.charCodeAt(joinedEnd))) joinedEnd++;
      }
    }
    if (joinedEnd > runEnd) {
      emit(p, joinedEnd);
      p = joinedEnd;
      continue;
    }
    if (isLower(c)) {
      // camelCase: lower-case letters, then an upper-case one, then the rest of the run.
      let r = p;
      while (r < n && isLower(text.charCodeAt(r))) r++;
      if (r < n && isUpper(text.charCodeAt(r))) {
        emit(p, runEnd);
        p = runEnd;
      } else p = r;
      continue;
    }
    p++;
  }
  if (copied === 0) return text;
  parts.push(text.slice(copied));
  return parts.join('');
}

/** Lower-case words of free text (identifiers split), for embeddings. */
export function words(text: string): string[] {
  return splitIdentifier(text);
}

/** A light English stemmer: enough to make "orders"/"order", "categories"/"category" meet. */
export function stem(word: string): string {
  if (word.length > 4 && word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (word.length > 4 && /(?:ss|sh|ch|x)es$/.test(word.slice(-4))) return word.slice(0, -2);
  if (word.length > 3 && word.endsWith('s') && !word.endsWith('ss') && !word.endsWith('us')) return word.slice(0, -1);
  return word;
}
