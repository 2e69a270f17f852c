import { ApiError } from '../api.js';
import { Link } from '../router.js';

const LLM_SNIPPET = `llm:
  base_url: https://api.openai.com/v1   # or Ollama, vLLM, LM Studio, OpenRouter…
  model: gpt-4o-mini
  api_key: \${OPENAI_API_KEY}`;

/** An API error as the user should see it: message, hint, and for known codes what to do next. */
export function ErrorBox(props: { error: unknown }) {
  const e = props.error;
  if (e instanceof ApiError) {
    return (
      <div class="error" role="alert">
        <p>
          <strong>{e.code === 'llm_required' ? 'This question needs an LLM.' : e.message}</strong>
        </p>
        {e.code === 'llm_required' && (
          <>
            <p>{e.message}</p>
            <p>
              Add an OpenAI-compatible server to <code>.datachat.yml</code> and restart <code>datachat serve</code>{' '}
              (questions the catalog, metrics and templates answer need none):
            </p>
            <pre>{LLM_SNIPPET}</pre>
          </>
        )}
        {e.code === 'system_not_initialized' && (
          <p>
            Finish the <Link href="/setup">setup</Link> first.
          </p>
        )}
        {e.hint && e.code !== 'llm_required' && <p class="hint">Hint: {e.hint}</p>}
      </div>
    );
  }
  return (
    <div class="error" role="alert">
      <p>
        <strong>{e instanceof Error ? e.message : String(e)}</strong>
      </p>
    </div>
  );
}
