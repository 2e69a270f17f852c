import type { EmbeddingsConfig, LlmConfig } from '../config/config-schema.js';
import type { Embedder } from '../knowledge/embedder.js';
import { LocalEmbedder } from '../knowledge/local-embedder.js';

/**
 * The configured embedder: `local` (offline, deterministic, the default) or any OpenAI-compatible
 * /v1/embeddings server — the LLM's server and key unless `embeddings:` names its own. The OpenAI
 * module (and its SDK) loads only when that provider is chosen.
 */
export async function createEmbedder(config: EmbeddingsConfig, llm?: LlmConfig): Promise<Embedder> {
  if (config.provider === 'local') return new LocalEmbedder(config.dimensions);
  const { OpenAIEmbedder } = await import('./openai-embedder.js');
  const base_url = config.base_url ?? llm?.base_url;
  const api_key = config.api_key ?? llm?.api_key;
  return OpenAIEmbedder.fromConfig({ ...config, ...(base_url ? { base_url } : {}), ...(api_key ? { api_key } : {}) });
}
