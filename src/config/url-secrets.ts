import type { EngineType } from '../connectors/engine-type.js';
import { engineFromUrl, urlCarriesCredentials } from '../connectors/registry.js';
import { ConfigError } from '../errors.js';
import { isSecretParamName, isSecretReference } from '../util/redact.js';
import { SECRET_PREFIX } from './secret-store.js';

/** A connection URL with its credentials taken out. */
export interface UrlSecrets {
  /** The URL without the userinfo password; secret query parameters replaced by `secret:` references. */
  url: string;
  /** The login password: from the userinfo, else from a `password` (`pwd`, `pass`) query parameter. */
  password?: string;
  /** A login password given as `?password=${ENV}`: becomes the connection's `password:` as written. */
  passwordReference?: string;
  /** Other secret query parameters, each to store under `key` (the URL refers to it as `secret:<key>`). */
  params: { name: string; key: string; value: string }[];
}

/** Query parameters that are the login password itself: they become the connection's `password`. */
const LOGIN_PASSWORD_PARAM = /^(password|passwd|pass|pwd)$/i;

/** The percent-encoded form of the characters a password most often holds unencoded. */
const ENCODED: Record<string, string> = { '@': '%40', ':': '%3A', '/': '%2F', '?': '%3F', '#': '%23', '%': '%25' };

function malformed(char: string): ConfigError {
  const encoded = ENCODED[char] ?? encodeURIComponent(char);
  // Never the URL or the password: only the character and its encoding.
  return new ConfigError(`The connection URL's user name or password contains an unencoded "${char}".`, [], {
    hint:
      `Percent-encode it: write every "${char}" in the user name or password as ${encoded}, ` +
      'or pass the password in an environment variable: url: postgresql://user:${PGPASSWORD}@host/db.',
  });
}

function decodeStrict(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    throw malformed('%');
  }
}

/**
 * Locates the userinfo of `rest` (the URL after `scheme://`) and refuses what a URL parser would
 * silently misread: an unencoded `@` (the host becomes the password's tail), `/`, `:`, `?` or `#`.
 */
function splitUserinfo(rest: string): { userinfo?: string; after: string } {
  const head = rest.split(/[?#]/, 1)[0]!;
  const at = head.lastIndexOf('@');
  if (at < 0) {
    // `u:pa?ss@host`: the '?' (or '#') ends the authority early and hides the '@' in the "query".
    const first = rest.indexOf('@');
    const colon = head.indexOf(':');
    const terminator = rest[head.length];
    const hidden = first > head.length && !rest.slice(0, first).includes('/');
    if (terminator && hidden && colon >= 0 && !/^\d*$/.test(head.slice(colon + 1))) {
      throw malformed(terminator);
    }
    return { after: rest };
  }
  const userinfo = head.slice(0, at);
  if (userinfo.includes('@')) throw malformed('@');
  if (userinfo.includes('/')) throw malformed('/');
  if (userinfo.split(':').length > 2) throw malformed(':');
  return { userinfo, after: rest.slice(at + 1) };
}

/**
 * Takes every credential out of a connection URL: the userinfo password and secret-named query
 * parameters (`password`, `sslpassword`, `passphrase`, `secret`, `token`, `api_key`, `accessToken`,
 * `privateKeyPass`... any case). `${ENV}` and `secret:` references stay in place. Malformed userinfo
 * is refused with a ConfigError whose hint says how to percent-encode. File paths (SQLite) pass unchanged.
 * `id` names the store keys: `<id>.password` and `<id>.url.<param>`.
 */
export function splitUrlSecrets(
  url: string,
  id: string,
  engine: EngineType | undefined = engineFromUrl(url),
): UrlSecrets {
  const match = /^([a-z][a-z0-9+.-]*:\/\/)([\s\S]*)$/i.exec(url);
  if (!match || !urlCarriesCredentials(engine)) return { url, params: [] };
  const scheme = match[1]!;
  const { userinfo, after } = splitUserinfo(match[2]!);
  let user: string | undefined;
  let password: string | undefined;
  if (userinfo !== undefined) {
    const colon = userinfo.indexOf(':');
    user = colon < 0 ? userinfo : userinfo.slice(0, colon);
    decodeStrict(user);
    const raw = colon < 0 ? undefined : userinfo.slice(colon + 1);
    // `user:${PW}@host` is a reference, interpolated from the environment at load: keep it in the URL.
    if (raw !== undefined && isSecretReference(raw)) user = userinfo;
    else if (raw) password = decodeStrict(raw);
  }
  const hashAt = after.indexOf('#');
  const fragment = hashAt < 0 ? '' : after.slice(hashAt);
  const beforeHash = hashAt < 0 ? after : after.slice(0, hashAt);
  const queryAt = beforeHash.indexOf('?');
  const base = queryAt < 0 ? beforeHash : beforeHash.slice(0, queryAt);
  const pairs = queryAt < 0 ? [] : beforeHash.slice(queryAt + 1).split('&');
  const params: UrlSecrets['params'] = [];
  const kept: string[] = [];
  let passwordReference: string | undefined;
  for (const pair of pairs) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const name = decodeStrict(eq < 0 ? pair : pair.slice(0, eq));
    const value = eq < 0 ? '' : decodeStrict(pair.slice(eq + 1));
    const envReference = /^\$\{[^}]+\}$/.test(value);
    if (LOGIN_PASSWORD_PARAM.test(name) && envReference && password === undefined && passwordReference === undefined) {
      passwordReference = value;
      continue;
    }
    if (!isSecretParamName(name) || value === '' || isSecretReference(value)) {
      kept.push(pair);
      continue;
    }
    if (LOGIN_PASSWORD_PARAM.test(name)) {
      if (password !== undefined && password !== value) {
        const message = 'The connection URL gives two different passwords (in the user part and in the query).';
        throw new ConfigError(message, [], {
          hint: `Keep one of them: remove \`${name}=\` from the URL, or the password after "user:".`,
        });
      }
      password = value;
      continue;
    }
    const key = `${id}.url.${name}`;
    params.push({ name, key, value });
    kept.push(`${pair.slice(0, eq)}=${SECRET_PREFIX}${key}`);
  }
  const query = kept.length ? `?${kept.join('&')}` : '';
  const clean = `${scheme}${user !== undefined ? `${user}@` : ''}${base}${query}${fragment}`;
  return {
    url: clean,
    ...(password !== undefined ? { password } : {}),
    ...(passwordReference ? { passwordReference } : {}),
    params,
  };
}

/**
 * A login password left in the query of a hand-written URL (`mysql://u@h/db?password=${PW}`) moved
 * into the userinfo, where every engine's driver reads it (the MySQL driver ignores the query one).
 * URLs with a userinfo password, without a user, or of SQLite pass unchanged.
 */
export function passwordParamToUserinfo(url: string, engine: EngineType | undefined = engineFromUrl(url)): string {
  const match = /^([a-z][a-z0-9+.-]*:\/\/)([^@/?#:]+)@([^?#]*)\?([^#]*)(#.*)?$/i.exec(url);
  if (!match || !urlCarriesCredentials(engine)) return url;
  const [, scheme, user, hostPath, query, fragment = ''] = match;
  const pairs = query!.split('&');
  const index = pairs.findIndex((pair) => LOGIN_PASSWORD_PARAM.test(pair.split('=', 1)[0]!));
  if (index < 0) return url;
  const raw = pairs[index]!.slice(pairs[index]!.indexOf('=') + 1);
  if (!raw || !pairs[index]!.includes('=')) return url;
  let value: string;
  try {
    value = decodeURIComponent(raw);
  } catch {
    return url;
  }
  pairs.splice(index, 1);
  const rest = pairs.filter(Boolean);
  const queryPart = rest.length ? `?${rest.join('&')}` : '';
  return `${scheme}${user}:${encodeURIComponent(value)}@${hostPath}${queryPart}${fragment}`;
}
