/** Replaces the password of any `scheme://user:password@host` in a text with `***`. */
export function redactUrl(text: string): string {
  return text.replace(/([a-z][a-z0-9+.-]*:\/\/[^:/?#@\s]*:)([^@/\s]*)@/gi, (_m, head: string) => `${head}***@`);
}

/** Removes every known secret value (and URL passwords) from a text bound for a log, error or response. */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  let out = redactUrl(text);
  for (const secret of secrets) {
    if (secret && secret.length >= 3) out = out.split(secret).join('***');
  }
  return out;
}
