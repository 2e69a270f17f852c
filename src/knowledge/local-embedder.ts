import type { Embedder } from './embedder.js';
import { stem, words } from './identifier-text.js';

/** FNV-1a 32-bit. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * The default embedder: offline and deterministic. Hashed features of stemmed words (weight 1),
 * word bigrams (0.5) and character trigrams (0.3), signed by a second hash to reduce collisions,
 * L2-normalized so cosine similarity is a dot product.
 */
export class LocalEmbedder implements Embedder {
  readonly fingerprint: string;

  constructor(readonly dimensions = 256) {
    this.fingerprint = `local-hash-v1-${dimensions}`;
  }

  async embed(texts: readonly string[]): Promise<Float32Array[]> {
    return texts.map((t) => this.embedOne(t));
  }

  embedOne(text: string): Float32Array {
    const vector = new Float32Array(this.dimensions);
    const tokens = words(text).map(stem);
    const add = (feature: string, weight: number): void => {
      const h = hash(feature);
      vector[h % this.dimensions]! += (h & 0x80000000 ? -1 : 1) * weight;
    };
    tokens.forEach((token, i) => {
      add(`w:${token}`, 1);
      if (i > 0) add(`b:${tokens[i - 1]} ${token}`, 0.5);
      const padded = `^${token}$`;
      for (let j = 0; j + 3 <= padded.length; j++) add(`c:${padded.slice(j, j + 3)}`, 0.3);
    });
    let norm = 0;
    for (const v of vector) norm += v * v;
    norm = Math.sqrt(norm);
    if (norm > 0) for (let i = 0; i < vector.length; i++) vector[i]! /= norm;
    return vector;
  }
}
