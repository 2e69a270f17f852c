import type { EmbeddingsConfig } from '../config/config-schema.js';
import type { Embedder } from './embedder.js';
import { LocalEmbedder } from './local-embedder.js';

/**
 * The configured embedder: `local` (offline, deterministic, the default) or any OpenAI-compatible
 * /v1/embeddings server. The OpenAI module (and its SDK) loads only when that provider is chosen.
 */
export async function createEmbedder(config: EmbeddingsConfig): Promise<Embedder> {
  if (config.provider === 'local') return new LocalEmbedder(config.dimensions);
  const { OpenAIEmbedder } = await import('../llm/openai-embedder.js');
  return OpenAIEmbedder.fromConfig(config);
}
