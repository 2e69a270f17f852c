/**
 * The one redaction of datachat: every log line, error, API response and printed URL goes through
 * `redactSecrets` (or `redactUrl`, the same without known values). It removes
 * - the password of `scheme://user:password@host` (also a malformed one holding `@`, `/` or `?`);
 * - secret-named parameters in query strings, DSN (`password=x host=y`), `Password=x;` driver
 *   messages and JSON (`"password":"x"`);
 * - every known secret value, raw and JSON-escaped.
 * References (`secret:<key>`, `${ENV}`) are not secrets and stay visible, so people see what is configured.
 */

/** What replaces a secret. */
export const REDACTED = '***';

/**
 * Secret values shorter than this are not searched for: one or two characters would blank out
 * ordinary words. (They are still removed from URLs and `password=` by position.)
 */
export const MIN_SECRET_LENGTH = 3;

/**
 * Parameter names that carry a credential, across engines and drivers (libpq `password`,
 * `sslpassword`; JDBC-style `pwd`; Snowflake `privateKey`, `privateKeyPass`; BigQuery `accessToken`,
 * `credentials`; HTTP `api_key`, `token`...): a name ending in one of these words once case and
 * `_`, `-`, `.` are dropped. Paths to key files (`sslkey`, `privateKeyPath`, `keyFilename`) are not secrets.
 */
const SECRET_NAME_END = new RegExp(
  '(?:pass|passwd|password|passphrase|pwd|secret|token|apikey|accesskey|secretkey|privatekey|clientkey|credentials?)' +
    '(?:pass|password|passphrase|value)?$',
);

const SECRET_HINT = /pass|pwd|secret|token|key|credential/i;

/** True when a URL query parameter or config key of this name holds a credential. */
export function isSecretParamName(name: string): boolean {
  // Cheap test first: most names seen in a response (`id`, `name`, `rows`) are nothing like a secret.
  if (!SECRET_HINT.test(name)) return false;
  const normalized = name.trim().toLowerCase().replace(/[_.-]/g, '');
  return normalized.length <= 64 && SECRET_NAME_END.test(normalized);
}

/** True for values that point at a secret instead of being one. */
export function isSecretReference(value: string): boolean {
  return /^secret:[\w.-]+$/.test(value) || /^\$\{[^}]+\}$/.test(value);
}

const SCHEME_CHAR = /[a-z0-9+.-]/i;
const URL_END = /[\s"'<>`]/;

/**
 * Rewrites every URL-ish token (scheme, `://`, then everything up to whitespace or a quote) with `fn`.
 * Found from each `://` outwards, so the work is linear: a regex starting the scheme at every word
 * boundary was quadratic on long dotted or dashed words (40 K characters took 0.4 s, 1 MB minutes).
 */
function replaceUrls(text: string, fn: (scheme: string, rest: string) => string): string {
  let out = '';
  let last = 0;
  for (let at = text.indexOf('://'); at >= 0; at = text.indexOf('://', at + 3)) {
    let start = at;
    while (start > last && SCHEME_CHAR.test(text[start - 1]!)) start--;
    while (start < at && !/[a-z]/i.test(text[start]!)) start++;
    let end = at + 3;
    while (end < text.length && !URL_END.test(text[end]!)) end++;
    if (start === at || end === at + 3) continue;
    out += text.slice(last, start) + fn(text.slice(start, at + 3), text.slice(at + 3, end));
    last = end;
    at = end - 3;
  }
  return out + text.slice(last);
}

/** `name=` (query strings, DSNs, driver messages) or `"name": ` before a quoted value (JSON). */
const NAME_SEPARATOR = /(["']?)\b([A-Za-z][\w.-]{0,63})\1(\s*=\s*|\s*:\s*(?=["']))/g;
/** The value after a secret name: quoted (bounded, so an unterminated quote cannot make this quadratic) or bare. */
const VALUE = /"(?:[^"\\]|\\.){0,4096}"|'[^']{0,4096}'|[^\s&;,'"()<>]+/y;

/** The password of a URL's userinfo (even a malformed one) → `***`; other URLs unchanged. */
function redactUserinfo(scheme: string, rest: string): string {
  // The userinfo ends at the last '@' before the query; a password holding an unencoded '?' or '#'
  // has no '@' there, so then take the first '@' that comes before any '/'.
  const head = rest.split(/[?#]/, 1)[0]!;
  let at = head.lastIndexOf('@');
  if (at < 0) {
    const first = rest.indexOf('@');
    if (first >= 0 && !rest.slice(0, first).includes('/')) at = first;
  }
  if (at < 0) return scheme + rest;
  const userinfo = rest.slice(0, at);
  const colon = userinfo.indexOf(':');
  if (colon < 0) return scheme + rest;
  const password = userinfo.slice(colon + 1);
  if (password === '' || password === REDACTED || isSecretReference(password)) return scheme + rest;
  // `host:8080/path/me@example.com` is a port and a path, not a password.
  if (/^\d{1,5}\//.test(password) && !userinfo.slice(0, colon).includes('@')) return scheme + rest;
  return `${scheme}${userinfo.slice(0, colon + 1)}${REDACTED}${rest.slice(at)}`;
}

/**
 * Replaces the value of every secret-named `name=value` / `"name": "value"`. Values of other names
 * are not consumed, so `url=postgresql://u@h/db?password=x` still reaches the `password=` inside.
 */
function redactKeyValues(text: string): string {
  let out = '';
  let last = 0;
  NAME_SEPARATOR.lastIndex = 0;
  for (let match = NAME_SEPARATOR.exec(text); match; match = NAME_SEPARATOR.exec(text)) {
    if (!isSecretParamName(match[2]!)) continue;
    VALUE.lastIndex = NAME_SEPARATOR.lastIndex;
    const value = VALUE.exec(text)?.[0];
    if (value === undefined) continue;
    const quoted = /^["']/.test(value);
    const bare = quoted ? value.slice(1, -1) : value;
    NAME_SEPARATOR.lastIndex = VALUE.lastIndex;
    if (bare === '' || bare === REDACTED || isSecretReference(bare) || isSecretReference(decodeSafe(bare))) continue;
    out += text.slice(last, VALUE.lastIndex - value.length) + (quoted ? `${value[0]}${REDACTED}${value[0]}` : REDACTED);
    last = VALUE.lastIndex;
  }
  return out + text.slice(last);
}

function decodeSafe(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** Removes URL passwords and secret-named parameters from a text. */
export function redactUrl(text: string): string {
  const urls = replaceUrls(text, redactUserinfo);
  return redactKeyValues(urls);
}

/** The forms a secret value can take in a text: raw, percent-encoded, JSON-escaped. */
function forms(secret: string): string[] {
  const out = new Set([secret, encodeURIComponent(secret), JSON.stringify(secret).slice(1, -1)]);
  return [...out].filter((s) => s.length >= MIN_SECRET_LENGTH);
}

/**
 * Removes every known secret value and every URL password / secret-named parameter from a text
 * bound for a log, error or response. Longer secrets go first so one that contains another is
 * removed whole.
 */
export function redactSecrets(text: string, secrets: readonly (string | undefined | null)[] = []): string {
  let out = redactUrl(text);
  const all = secrets.flatMap((s) => (typeof s === 'string' ? forms(s) : [])).sort((a, b) => b.length - a.length);
  for (const secret of all) if (out.includes(secret)) out = out.split(secret).join(REDACTED);
  return out;
}

/** A copy of `value` with redactSecrets applied to every string in it (keys kept). */
export function redactDeep<T>(value: T, secrets: readonly (string | undefined | null)[] = []): T {
  if (typeof value === 'string') return redactSecrets(value, secrets) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => redactDeep(v, secrets)) as T;
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactDeep(v, secrets)])) as T;
  }
  return value;
}

/** An error safe to keep as a `cause` or to log: same name and code, message and stack redacted. */
export function redactError(error: unknown, secrets: readonly (string | undefined | null)[] = []): unknown {
  if (!(error instanceof Error)) return typeof error === 'string' ? redactSecrets(error, secrets) : error;
  const message = redactSecrets(error.message, secrets);
  const stack = error.stack === undefined ? undefined : redactSecrets(error.stack, secrets);
  if (message === error.message && stack === error.stack) return error;
  const copy = new Error(message) as Error & { code?: unknown };
  copy.name = error.name;
  copy.stack = stack;
  const code = (error as { code?: unknown }).code;
  if (code !== undefined) copy.code = code;
  return copy;
}
