import type { ProfileValue } from './profile-model.js';

/** Value patterns detected on sample values; a pattern holds when ≥ 80 % of non-null samples match. */
const PATTERNS: readonly [name: string, test: (v: string) => boolean][] = [
  ['email', (v) => /^[^\s@]+@[^\s@]+\.[a-z]{2,}$/i.test(v)],
  ['uuid', (v) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v)],
  ['url', (v) => /^https?:\/\/[^\s]+$/i.test(v)],
  ['ip', (v) => /^(\d{1,3}\.){3}\d{1,3}$/.test(v) || /^[0-9a-f:]+:[0-9a-f:]+$/i.test(v)],
  ['iso_date', (v) => /^\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(v)],
  [
    'phone',
    (v) => /^\+?[\d\s().-]{7,20}$/.test(v) && (v.match(/\d/g)?.length ?? 0) >= 7 && !/^\d{4}-\d{2}-\d{2}/.test(v),
  ],
  ['json', (v) => /^\s*[[{]/.test(v) && isJson(v)],
  ['currency_code', (v) => CURRENCIES.has(v)],
  ['country_code', (v) => COUNTRIES.has(v)],
];

const CURRENCIES = new Set(
  'USD EUR GBP JPY CNY CHF CAD AUD NZD SEK NOK DKK PLN CZK HUF INR BRL MXN ZAR SGD HKD KRW TRY RUB AED SAR ILS THB IDR MYR PHP'.split(
    ' ',
  ),
);
const COUNTRIES = new Set(
  'US GB DE FR CA AU NZ IE NL BE LU CH AT IT ES PT SE NO DK FI PL CZ SK HU RO BG GR TR RU UA IN CN JP KR SG HK TW TH VN ID MY PH BR AR CL CO PE MX ZA NG EG KE MA IL AE SA IS EE LV LT SI HR RS'.split(
    ' ',
  ),
);

function isJson(v: string): boolean {
  try {
    JSON.parse(v);
    return true;
  } catch {
    return false;
  }
}

export function detectPatterns(values: readonly ProfileValue[]): string[] {
  const strings = values.filter((v): v is string => typeof v === 'string' && v.length > 0);
  if (strings.length < 3) return [];
  const found: string[] = [];
  for (const [name, test] of PATTERNS) {
    const hits = strings.filter((s) => test(s.trim())).length;
    if (hits / strings.length >= 0.8) found.push(name);
  }
  // A column of 2-letter country codes also matches nothing else worth reporting.
  return found;
}

const PII_NAME =
  /(^|_)(e_?mail|phone|mobile|fax|first_?name|last_?name|full_?name|surname|given_?name|birth|dob|ssn|social_security|passport|address|street|zip|postal|postcode|ip_?address|credit_?card|card_?number|iban|tax_?id|national_id)(_|$)/i;
const PII_PATTERNS = new Set(['email', 'phone', 'ip']);

/** PII by column name (split camelCase) or by value pattern. */
export function isPiiColumn(name: string, patterns: readonly string[]): boolean {
  const snake = name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
  return PII_NAME.test(snake) || patterns.some((p) => PII_PATTERNS.has(p));
}

/** Masks a PII value, keeping just enough shape to be useful: `j***@example.com`, `***-***-1234`, `J***`. */
export function maskValue(value: ProfileValue): ProfileValue {
  if (value === null || typeof value === 'boolean') return value;
  const text = String(value);
  const at = text.indexOf('@');
  if (at > 0) return `${text[0]}***@${text.slice(at + 1)}`;
  const digits = text.replace(/\D/g, '');
  if (digits.length >= 7) return `***${digits.slice(-2)}`;
  return text.length <= 1 ? '*' : `${text[0]}***`;
}
