import type { LlmConfig } from '../config/config-schema.js';
import { LlmRequiredError } from '../errors.js';
import type { LlmProvider } from './llm-provider.js';
import { OpenAIProvider, type OpenAIProviderOptions } from './openai-provider.js';

/**
 * The configured LLM, or undefined when .datachat.yml has no `llm:` block (the no-LLM paths
 * still work then). Cheap: the `openai` SDK loads on the first request. `overrides` are for
 * tests and --verbose hooks (retry delays, `onRetry`).
 */
export function createLlmProvider(
  config: LlmConfig | undefined,
  overrides: Partial<OpenAIProviderOptions> = {},
): LlmProvider | undefined {
  return config === undefined ? undefined : OpenAIProvider.fromConfig(config, overrides);
}

/**
 * The configured LLM, or a LlmRequiredError (exit 5) saying what to configure. `purpose` completes
 * "… needs an LLM", e.g. "Answering this question" or "Generating DataPoints with descriptions".
 */
export function requireLlm(
  config: LlmConfig | undefined,
  purpose = 'This command',
  overrides: Partial<OpenAIProviderOptions> = {},
): LlmProvider {
  const provider = createLlmProvider(config, overrides);
  if (provider === undefined) {
    throw new LlmRequiredError(
      `${purpose} needs an LLM, and none is configured. Add an \`llm:\` block to .datachat.yml with \`model\`, ` +
        '`api_key` (e.g. ${OPENAI_API_KEY}) and, for servers other than OpenAI, `base_url` (e.g. http://localhost:11434/v1 for Ollama).',
    );
  }
  return provider;
}
