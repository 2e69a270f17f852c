/**
 * English singular and plural of the nouns that name tables and columns ("Number of albums", not
 * "Number of album"). A rule set with irregulars and uncountables, the shape of the `pluralize`
 * package's rules cut to what database names use, so that no dependency is needed.
 */

const IRREGULAR: Record<string, string> = {
  person: 'people',
  child: 'children',
  man: 'men',
  woman: 'women',
  foot: 'feet',
  tooth: 'teeth',
  mouse: 'mice',
  goose: 'geese',
  datum: 'data',
  medium: 'media',
  criterion: 'criteria',
  phenomenon: 'phenomena',
  analysis: 'analyses',
  axis: 'axes',
  crisis: 'crises',
  thesis: 'theses',
  index: 'indexes',
  matrix: 'matrices',
  vertex: 'vertices',
  leaf: 'leaves',
  life: 'lives',
  knife: 'knives',
  wife: 'wives',
  half: 'halves',
  shelf: 'shelves',
  ox: 'oxen',
  quiz: 'quizzes',
  hero: 'heroes',
  potato: 'potatoes',
  tomato: 'tomatoes',
  echo: 'echoes',
  // -ie nouns whose plural the -ies → -y rule would misread.
  movie: 'movies',
  cookie: 'cookies',
  calorie: 'calories',
  zombie: 'zombies',
  tie: 'ties',
  pie: 'pies',
};
const SINGULAR_OF: Record<string, string> = Object.fromEntries(Object.entries(IRREGULAR).map(([s, p]) => [p, s]));

/** Words with one form for singular and plural (a table named `staff` holds staff members). */
const UNCOUNTABLE = new Set([
  'staff',
  'personnel',
  'equipment',
  'information',
  'news',
  'series',
  'species',
  'sheep',
  'fish',
  'deer',
  'aircraft',
  'software',
  'hardware',
  'feedback',
  'metadata',
  'inventory',
  'stock',
  'data',
  'media',
  'money',
  'music',
  'furniture',
  'luggage',
  'baggage',
  'traffic',
  'revenue',
  'weather',
  'rice',
  'bison',
  'moose',
  'salmon',
  'trout',
  'police',
]);

// -us nouns whose plural adds -es (`statuses`); other -uses words drop only the s (`warehouses`).
const LATIN_US_ES = /(status|bus|campus|virus|bonus|census|focus|syllabus|prospectus|surplus|apparatus)es$/;

// Words ending in -s that are already singular (status, address, class, bus, campus, analysis).
const SINGULAR_S = /(ss|us|is|ics|ias|ous|sis)$/;

/** The plural of one noun: `category` → `categories`, `box` → `boxes`, `person` → `people`. */
export function pluralWord(word: string): string {
  const lower = word.toLowerCase();
  if (!lower || UNCOUNTABLE.has(lower) || SINGULAR_OF[lower]) return word;
  if (IRREGULAR[lower]) return matchCase(word, IRREGULAR[lower]!);
  let plural: string;
  if (/[^aeiou]y$/.test(lower)) plural = `${lower.slice(0, -1)}ies`;
  else if (/(s|x|z|ch|sh)$/.test(lower)) plural = `${lower}es`;
  else plural = `${lower}s`;
  return matchCase(word, plural);
}

/** The singular of one noun: `categories` → `category`, `addresses` → `address`, `status` → `status`. */
export function singularWord(word: string): string {
  const lower = word.toLowerCase();
  if (!lower || UNCOUNTABLE.has(lower) || IRREGULAR[lower]) return word;
  if (SINGULAR_OF[lower]) return matchCase(word, SINGULAR_OF[lower]!);
  let singular = lower;
  if (/[^aeiou]ies$/.test(lower) && lower.length > 4) singular = `${lower.slice(0, -3)}y`;
  else if (/(ss|x|z|ch|sh)es$/.test(lower) || LATIN_US_ES.test(lower)) singular = lower.slice(0, -2);
  else if (/(ses)$/.test(lower) && lower.length > 4) singular = lower.slice(0, -1);
  else if (/s$/.test(lower) && !SINGULAR_S.test(lower)) singular = lower.slice(0, -1);
  return matchCase(word, singular);
}

/** A noun phrase's plural: the last word inflects (`order item` → `order items`, `staff` → `staff`). */
export function pluralPhrase(phrase: string): string {
  return inflectLast(phrase, pluralWord);
}

/** A noun phrase's singular (`order details` → `order detail`). */
export function singularPhrase(phrase: string): string {
  return inflectLast(phrase, singularWord);
}

/** `1 album`, `3 albums`. */
export function countNoun(n: number, singular: string): string {
  return `${n} ${n === 1 ? singular : pluralPhrase(singular)}`;
}

function inflectLast(phrase: string, inflect: (word: string) => string): string {
  const match = /^(.*?)([\p{L}\p{N}]+)$/u.exec(phrase);
  if (!match) return phrase;
  return `${match[1]}${inflect(match[2]!)}`;
}

function matchCase(original: string, inflected: string): string {
  if (original === original.toUpperCase() && original !== original.toLowerCase()) return inflected.toUpperCase();
  if (original[0] === original[0]!.toUpperCase() && original[0] !== original[0]!.toLowerCase())
    return inflected.charAt(0).toUpperCase() + inflected.slice(1);
  return inflected;
}
