import type { EmbeddingsConfig } from '../config/config-schema.js';
import { ConfigError } from '../errors.js';
import type { Embedder } from './embedder.js';
import { LocalEmbedder } from './local-embedder.js';

/** The configured embedder; `openai` (any OpenAI-compatible /v1/embeddings) arrives with the LLM layer. */
export function createEmbedder(config: EmbeddingsConfig): Embedder {
  if (config.provider === 'local') return new LocalEmbedder(config.dimensions);
  throw new ConfigError('embeddings.provider "openai" is not available in this build yet; use "local".');
}
