import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { ConfigError } from '../errors.js';
import { writeFileAtomic } from '../util/atomic-write.js';

interface EncryptedEntry {
  iv: string;
  tag: string;
  data: string;
}
interface SecretsFile {
  version: 1;
  entries: Record<string, EncryptedEntry>;
}

/** Prefix of a config value that refers to an entry of the secret store. */
export const SECRET_PREFIX = 'secret:';

/** `name=secret:<key>` inside a URL's query string. */
const URL_PARAM_REFERENCE = /([?&][^=&#]+=)secret:([\w.-]+)(?=[&#]|$)/g;

/**
 * Credentials entered on the command line, API or wizard: AES-256-GCM encrypted in
 * .datachat/secrets.json (0600). The key comes from DATACHAT_SECRET_KEY, or from a generated key file
 * (0600) in the user's config folder, so the secrets file alone is useless to whoever copies it.
 */
export class SecretStore {
  constructor(
    private readonly file: string,
    private readonly env: Readonly<Record<string, string | undefined>>,
  ) {}

  get(key: string): string | undefined {
    const entry = this.read().entries[key];
    if (!entry) return undefined;
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key(false), Buffer.from(entry.iv, 'base64'));
      decipher.setAuthTag(Buffer.from(entry.tag, 'base64'));
      return Buffer.concat([decipher.update(Buffer.from(entry.data, 'base64')), decipher.final()]).toString('utf8');
    } catch (error) {
      throw new ConfigError(`Cannot decrypt secret "${key}" in ${this.file}.`, [], {
        cause: error,
        hint: 'The key changed (DATACHAT_SECRET_KEY or the key file). Re-add the credential with `datachat db add`.',
      });
    }
  }

  set(key: string, value: string): void {
    const secrets = this.read();
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key(true), iv);
    const data = Buffer.concat([cipher.update(value, 'utf8'), cipher.final()]);
    secrets.entries[key] = {
      iv: iv.toString('base64'),
      tag: cipher.getAuthTag().toString('base64'),
      data: data.toString('base64'),
    };
    this.write(secrets);
  }

  /** Removes every entry whose key is `prefix` or starts with `prefix.`. */
  removePrefix(prefix: string): void {
    const secrets = this.read();
    const before = Object.keys(secrets.entries).length;
    for (const key of Object.keys(secrets.entries))
      if (key === prefix || key.startsWith(`${prefix}.`)) delete secrets.entries[key];
    if (Object.keys(secrets.entries).length !== before) this.write(secrets);
  }

  /**
   * Resolves a `secret:<key>` reference, and the references that stand for secret query parameters
   * of a URL (`...?sslpassword=secret:<key>`, written by `db add`; percent-encoded when put back).
   * Other strings pass through.
   */
  resolve(value: string): string {
    if (!value.startsWith(SECRET_PREFIX)) {
      if (!/^[a-z][a-z0-9+.-]*:\/\/[^?#]*\?/i.test(value)) return value;
      return value.replace(URL_PARAM_REFERENCE, (_m, lead: string, key: string) => {
        return `${lead}${encodeURIComponent(this.resolveKey(key))}`;
      });
    }
    return this.resolveKey(value.slice(SECRET_PREFIX.length));
  }

  /** Every stored secret value (for redaction); entries that cannot be decrypted are skipped. */
  values(): string[] {
    const out: string[] = [];
    for (const key of Object.keys(this.read().entries)) {
      try {
        const value = this.get(key);
        if (value) out.push(value);
      } catch {
        // A key that changed is reported where the secret is used.
      }
    }
    return out;
  }

  private resolveKey(key: string): string {
    const secret = this.get(key);
    if (secret === undefined) {
      throw new ConfigError(`Secret "${key}" is referenced in .datachat.yml but missing from ${this.file}.`, [], {
        hint: 'Add it again with `datachat db add` (or replace the reference with ${ENV_VAR}).',
      });
    }
    return secret;
  }

  private read(): SecretsFile {
    if (!existsSync(this.file)) return { version: 1, entries: {} };
    try {
      const parsed = JSON.parse(readFileSync(this.file, 'utf8')) as SecretsFile;
      return { version: 1, entries: parsed.entries ?? {} };
    } catch (error) {
      throw new ConfigError(`${this.file} is not valid JSON.`, [], { cause: error });
    }
  }

  private write(secrets: SecretsFile): void {
    writeFileAtomic(this.file, `${JSON.stringify(secrets, null, 2)}\n`, 0o600);
    chmodSync(this.file, 0o600);
  }

  private key(create: boolean): Buffer {
    const fromEnv = this.env.DATACHAT_SECRET_KEY;
    if (fromEnv) return createHash('sha256').update(fromEnv).digest();
    const keyFile = join(
      this.env.XDG_CONFIG_HOME || join(this.env.HOME || homedir(), '.config'),
      'datachat',
      'secret.key',
    );
    if (existsSync(keyFile)) return Buffer.from(readFileSync(keyFile, 'utf8').trim(), 'hex');
    if (!create) throw new ConfigError(`No secret key found (DATACHAT_SECRET_KEY unset and ${keyFile} missing).`);
    mkdirSync(dirname(keyFile), { recursive: true, mode: 0o700 });
    const key = randomBytes(32);
    writeFileAtomic(keyFile, `${key.toString('hex')}\n`, 0o600);
    chmodSync(keyFile, 0o600);
    return key;
  }
}
