/** Turns texts into vectors of a fixed size. Implementations: local (offline), OpenAI-compatible. */
export interface Embedder {
  /** Identifies model and size; a change triggers re-embedding on the next sync. */
  readonly fingerprint: string;
  readonly dimensions: number;
  embed(texts: readonly string[]): Promise<Float32Array[]>;
}
