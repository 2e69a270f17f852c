import type { EmbeddingsConfig } from '../config/config-schema.js';
import { ConfigError, RuntimeError } from '../errors.js';
import type { Embedder } from '../knowledge/embedder.js';
import { OpenAITransport, type OpenAITransportOptions } from './openai-transport.js';
import { UsageAccumulator } from './usage.js';

/** Options of {@link OpenAIEmbedder}; see {@link OpenAITransportOptions} for server, timeout and retry settings. */
export interface OpenAIEmbedderOptions extends Omit<OpenAITransportOptions, 'service' | 'configKey'> {
  /** The embedding model (`embeddings.model`), e.g. text-embedding-3-small, nomic-embed-text. */
  model: string;
  /** Vector size every returned vector must have (`embeddings.dimensions`). */
  dimensions: number;
  /**
   * Send `dimensions` with each request so the server shortens its vectors (text-embedding-3-*).
   * Turn off for servers that refuse the parameter and return the configured size anyway. Default true.
   */
  sendDimensions?: boolean;
  /** Inputs per HTTP call. Default 96. */
  batchSize?: number;
}

/** The model used when `embeddings.model` is unset and the server is OpenAI's own. */
export const DEFAULT_OPENAI_EMBEDDING_MODEL = 'text-embedding-3-small';

/**
 * An {@link Embedder} over an OpenAI-compatible `/embeddings` endpoint: batched, retried like the
 * chat provider, L2-normalized (so cosine similarity is a dot product, as with the local embedder),
 * with prompt tokens counted in `usage`.
 */
export class OpenAIEmbedder implements Embedder {
  readonly fingerprint: string;
  readonly dimensions: number;
  readonly model: string;
  /** Running total of embedding calls and their (prompt) tokens. */
  readonly usage = new UsageAccumulator();
  private readonly transport: OpenAITransport;
  private readonly batchSize: number;
  private readonly sendDimensions: boolean;

  constructor(options: OpenAIEmbedderOptions) {
    this.model = options.model;
    this.dimensions = options.dimensions;
    this.batchSize = Math.max(1, options.batchSize ?? 96);
    this.sendDimensions = options.sendDimensions ?? true;
    this.fingerprint = `openai:${options.model}:${options.dimensions}`;
    this.transport = new OpenAITransport({ ...options, service: 'embeddings', configKey: 'embeddings' });
  }

  /**
   * An embedder from the `embeddings:` block (provider `openai`). The model defaults to
   * text-embedding-3-small only when base_url is unset (OpenAI itself); other servers need a model.
   */
  static fromConfig(config: EmbeddingsConfig, overrides: Partial<OpenAIEmbedderOptions> = {}): OpenAIEmbedder {
    const model = config.model ?? (config.base_url === undefined ? DEFAULT_OPENAI_EMBEDDING_MODEL : undefined);
    if (model === undefined) {
      throw new ConfigError('embeddings.model is required when embeddings.base_url points to your own server.', [], {
        hint: 'Name the embedding model the server serves, e.g. `model: nomic-embed-text` for Ollama.',
      });
    }
    return new OpenAIEmbedder({
      baseUrl: config.base_url,
      apiKey: config.api_key,
      model,
      dimensions: config.dimensions,
      ...overrides,
    });
  }

  async embed(texts: readonly string[], signal?: AbortSignal): Promise<Float32Array[]> {
    const vectors: Float32Array[] = [];
    for (let start = 0; start < texts.length; start += this.batchSize) {
      vectors.push(...(await this.embedBatch(texts.slice(start, start + this.batchSize), signal)));
    }
    return vectors;
  }

  private async embedBatch(texts: readonly string[], signal: AbortSignal | undefined): Promise<Float32Array[]> {
    // OpenAI refuses empty strings in `input`; a space embeds as "nothing" just as well.
    const input = texts.map((t) => (t.trim() === '' ? ' ' : t));
    const response = await this.transport.send(
      (client, options) =>
        client.embeddings.create(
          {
            model: this.model,
            input,
            // 'float' explicitly: the SDK would otherwise ask for base64, which some compatible servers lack.
            encoding_format: 'float',
            ...(this.sendDimensions ? { dimensions: this.dimensions } : {}),
          },
          options,
        ),
      signal,
    );
    this.usage.add({ calls: 1, promptTokens: response.usage?.prompt_tokens ?? 0, completionTokens: 0 });

    const data = [...(response.data ?? [])].sort((a, b) => a.index - b.index);
    if (data.length !== texts.length) {
      throw new RuntimeError(
        `The embeddings server at ${this.transport.host} returned ${data.length} vectors for ${texts.length} texts.`,
      );
    }
    return data.map((item) => {
      const values = item.embedding as unknown;
      if (!Array.isArray(values))
        throw new RuntimeError(
          `The embeddings server at ${this.transport.host} returned a vector that is not a list of numbers.`,
        );
      if (values.length !== this.dimensions) {
        throw new RuntimeError(
          `The embeddings server at ${this.transport.host} returned ${values.length}-dimensional vectors for model "${this.model}", but embeddings.dimensions is ${this.dimensions}.`,
          {
            hint: `Set \`embeddings.dimensions: ${values.length}\` in .datachat.yml (or use a model that supports ${this.dimensions} dimensions), then run \`datachat sync\`.`,
          },
        );
      }
      return normalize(values as number[]);
    });
  }
}

/** The vector scaled to length 1 (a zero vector stays zero). */
export function normalize(values: readonly number[]): Float32Array {
  const vector = Float32Array.from(values);
  let norm = 0;
  for (const v of vector) norm += v * v;
  norm = Math.sqrt(norm);
  if (norm > 0) for (let i = 0; i < vector.length; i++) vector[i]! /= norm;
  return vector;
}
