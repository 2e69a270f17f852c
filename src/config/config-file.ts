import { existsSync, readFileSync } from 'node:fs';
import { isMap, isSeq, parseDocument, type Document, type YAMLMap, YAMLSeq } from 'yaml';
import { ConfigError } from '../errors.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import type { ConnectionConfig } from './config-schema.js';

/** The starting .datachat.yml of a new project (ships in the package's templates/ folder). */
const TEMPLATE = new URL('../../templates/datachat.yml', import.meta.url);

/**
 * Edits .datachat.yml as a YAML document (not a re-serialized object) so that comments, order and
 * `${ENV}` references written by people survive, then writes it atomically.
 */
export class ConfigFile {
  private constructor(
    readonly file: string,
    private readonly document: Document,
  ) {}

  static open(file: string): ConfigFile {
    if (!existsSync(file)) {
      const document = parseDocument(readFileSync(TEMPLATE, 'utf8'));
      return new ConfigFile(file, document);
    }
    const document = parseDocument(readFileSync(file, 'utf8'));
    if (document.errors.length) throw new ConfigError(`Invalid YAML in ${file}: ${document.errors[0]!.message}`);
    return new ConfigFile(file, document);
  }

  private connections(): YAMLSeq {
    let seq = this.document.get('connections', true);
    if (!isSeq(seq)) {
      seq = new YAMLSeq();
      this.document.set('connections', seq);
    }
    // Block style: one connection per paragraph reads better in review than `[ {...} ]`.
    (seq as YAMLSeq).flow = false;
    return seq as YAMLSeq;
  }

  private indexOf(id: string): number {
    return this.connections().items.findIndex((item) => isMap(item) && (item as YAMLMap).get('id') === id);
  }

  hasConnection(id: string): boolean {
    return this.indexOf(id) >= 0;
  }

  /** Appends a connection; when `makeDefault`, clears `default` on the others. */
  addConnection(connection: ConnectionConfig, makeDefault: boolean): void {
    if (this.hasConnection(connection.id))
      throw new ConfigError(`Connection "${connection.id}" already exists in ${this.file}.`, [], {
        hint: `Pick another name, or remove it first with \`datachat db remove ${connection.id}\`.`,
      });
    const plain: Record<string, unknown> = { id: connection.id };
    if (connection.name && connection.name !== connection.id) plain.name = connection.name;
    plain.type = connection.type;
    if (connection.url) plain.url = connection.url;
    if (connection.password) plain.password = connection.password;
    if (connection.fields && Object.keys(connection.fields).length) plain.fields = connection.fields;
    if (connection.tags.length) plain.tags = connection.tags;
    if (connection.description) plain.description = connection.description;
    if (connection.created_at) plain.created_at = connection.created_at;
    this.connections().add(this.document.createNode(plain));
    if (makeDefault) this.setDefault(connection.id);
  }

  /** Sets (or, for `null`, deletes) keys of one connection in place, keeping its comments and order. */
  updateConnection(id: string, patch: Record<string, unknown>): void {
    const map = this.connections().items[this.indexOf(id)];
    if (!isMap(map)) throw new ConfigError(`Connection "${id}" is not in ${this.file}.`);
    for (const [key, value] of Object.entries(patch)) {
      if (value === undefined) continue;
      if (value === null) (map as YAMLMap).delete(key);
      else (map as YAMLMap).set(key, this.document.createNode(value));
    }
  }

  removeConnection(id: string): boolean {
    const index = this.indexOf(id);
    if (index < 0) return false;
    this.connections().delete(index);
    return true;
  }

  setDefault(id: string): void {
    for (const item of this.connections().items) {
      if (!isMap(item)) continue;
      const map = item as YAMLMap;
      if (map.get('id') === id) map.set('default', true);
      else if (map.has('default')) map.delete('default');
    }
  }

  save(): void {
    writeFileAtomic(this.file, this.document.toString({ lineWidth: 0 }));
  }
}
