/** Where the 503 body's `documentation` field points (docs/rest-api.md): a page this server serves itself (so it always exists). */
export const SETUP_DOC_PATH = '/docs/setup';

/**
 * The setup guide served at /api/v1/docs/setup (Markdown). The README's "REST API" section says the
 * same; both describe the endpoints of this server, so they need no network and no other host.
 */
export const SETUP_DOC = `# Setting up datachat

The server answers questions once it has at least one database and DataPoints for it.
Until then \`POST /api/v1/chat\` answers 503 \`system_not_initialized\`.

## Over the API

1. See what is missing: \`GET /api/v1/system/status\` (\`missing_steps\`, \`next_commands\`).
2. Initialize: \`POST /api/v1/system/initialize?wait=true\` with
   \`{"databases": [{"name": "warehouse", "database_url": "postgresql://user:password@host/db"}]}\`
   or \`{"sample": true}\` for the generated e-commerce sample database.
   Without \`?wait=true\` it answers 202 and a job to poll at \`GET /api/v1/jobs/{job_id}\`.
3. Generated DataPoints wait for review unless \`auto_approve_datapoints: true\`:
   list them with \`GET /api/v1/datapoints/pending\` and approve each with
   \`POST /api/v1/datapoints/pending/{connection}/{id}/approve\`.
4. Ask: \`POST /api/v1/chat\` with \`{"message": "how many orders per month?"}\`.

## From the command line

\`datachat init\` (a wizard on a terminal), \`datachat init --sample --yes\`, or
\`datachat init --db warehouse=postgresql://... --yes\`; then \`datachat review\` and \`datachat ask\`.

The whole API: \`GET /api/v1/openapi.json\`.
`;
