/**
 * Human words of real-world identifiers: table-prefixed columns (`c_name`, `o_orderdate` in TPC-H),
 * run-together words (`totalprice`, `lineitem`) and common abbreviations (`acctbal`, `mktsegment`),
 * so that generated names and synonyms read as people speak ("order date", "account balance").
 */

/** Abbreviations expanded in names; only whole pieces are expanded, never parts of words. */
const ABBREVIATIONS: Record<string, string> = {
  acct: 'account',
  bal: 'balance',
  mkt: 'market',
  qty: 'quantity',
  avail: 'available',
  cust: 'customer',
  supp: 'supplier',
  mfgr: 'manufacturer',
  amt: 'amount',
  addr: 'address',
  desc: 'description',
  num: 'number',
  dept: 'department',
  emp: 'employee',
  cnt: 'count',
  pct: 'percent',
  avg: 'average',
  tel: 'telephone',
  instruct: 'instructions',
};

/**
 * Words a run-together identifier may be made of. A token is split only when it is entirely a
 * sequence of these (or of the abbreviations above), so unknown words are left whole.
 */
const VOCABULARY = new Set(
  (
    'account active address amount available balance base birth brand business category city clerk code ' +
    'comment commit company container contact cost count country created customer date day delivery ' +
    'department description discount duration end event extended first flag freight gross hire invoice ' +
    'item key kind last length line list manufacturer market media mode month name nation net number ' +
    'order paid part payment phone play playlist price priority product quantity rate receipt region ' +
    'release rental retail return revenue sale segment ship shipped size start state status stock store ' +
    'supplier supply tax time title total track type unit updated value weight year zip'
  ).split(' '),
);

/** The prefix most of a table's columns share: one rule for profiling (key discovery) and naming. */
export { columnPrefix } from '../profiling/naming-candidates.js';

/** The identifier without the table's column prefix (`o_orderdate` → `orderdate`). */
export function withoutPrefix(name: string, prefix: string | undefined): string {
  const stripped = prefix && name.toLowerCase().startsWith(prefix) && name.length > prefix.length;
  return stripped ? name.slice(prefix.length) : name;
}

/**
 * Lower-case words of an identifier: prefix stripped, camelCase and `_` split, run-together words
 * split and abbreviations expanded (`o_totalprice` → `total price`, `c_acctbal` → `account balance`,
 * `InvoiceLine` → `invoice line`, `lineitem` → `line item`).
 */
export function identifierWords(name: string, prefix?: string): string {
  const base = withoutPrefix(name, prefix)
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .replace(/[_\-.\s]+/g, ' ')
    .trim()
    .toLowerCase();
  return base
    .split(' ')
    .filter(Boolean)
    .flatMap((token) => ABBREVIATIONS[token] ?? splitRunTogether(token) ?? token)
    .join(' ');
}

/** `totalprice` → `total price`; undefined unless the whole token splits into known words. */
function splitRunTogether(token: string): string | undefined {
  if (token.length < 6 || VOCABULARY.has(token)) return undefined;
  const known = (piece: string) => (VOCABULARY.has(piece) ? piece : ABBREVIATIONS[piece]);
  // Fewest pieces first (dynamic programming over the token's prefixes).
  const best: (string[] | undefined)[] = [[]];
  for (let end = 1; end <= token.length; end++) {
    for (let start = 0; start < end; start++) {
      const head = best[start];
      const word = end - start >= 2 ? known(token.slice(start, end)) : undefined;
      if (head && word && (!best[end] || best[end]!.length > head.length + 1)) best[end] = [...head, word];
    }
  }
  const pieces = best[token.length];
  return pieces && pieces.length > 1 ? pieces.join(' ') : undefined;
}
