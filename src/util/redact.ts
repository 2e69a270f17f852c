/** Replaces the password of any `scheme://user:password@host` in a text with `***`. */
export function redactUrl(text: string): string {
  // Anchored on `://`, not on the scheme: `[a-z][a-z0-9+.-]*://` retried at every letter of a long word
  // is quadratic (a 1 MB word in a DataPoint stalled every response carrying it).
  return text.replace(/:\/\/([^:/?#@\s]*:)[^@/\s]*@/g, (_m, user: string) => `://${user}***@`);
}

/** Removes every known secret value (and URL passwords) from a text bound for a log, error or response. */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  let out = redactUrl(text);
  for (const secret of secrets) {
    if (secret && secret.length >= 3) out = out.split(secret).join('***');
  }
  return out;
}
