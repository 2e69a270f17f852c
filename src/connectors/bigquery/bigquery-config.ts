import { z } from 'zod';

/** BigQuery bills by bytes scanned: a query that would scan more than this fails instead of running. */
export const DEFAULT_MAXIMUM_BYTES_BILLED = 10 * 1024 ** 3;

/**
 * Fields of a BigQuery connection. Authentication, in order: `accessToken` (a static OAuth token,
 * e.g. from `gcloud auth print-access-token`), `credentials` (service-account key JSON),
 * `keyFilename` (path to that JSON), else Application Default Credentials. With `apiEndpoint` and
 * none of these (an emulator), requests carry a dummy token so nothing tries to reach Google.
 */
export const bigqueryConfigSchema = z.object({
  projectId: z
    .string()
    .min(1)
    .optional()
    .meta({ label: 'Project ID', description: 'Google Cloud project that runs (and is billed for) the queries' }),
  dataset: z
    .string()
    .min(1)
    .optional()
    .meta({ label: 'Default dataset', description: 'Dataset that unqualified table names refer to' }),
  location: z
    .string()
    .min(1)
    .optional()
    .meta({ label: 'Location', description: 'Processing location of the jobs, e.g. US, EU, europe-west1' }),
  keyFilename: z.string().min(1).optional().meta({
    label: 'Key file',
    description: 'Path to a service-account key JSON file, relative to the project folder',
  }),
  credentials: z
    .union([z.string().min(1), z.record(z.string(), z.unknown())])
    .optional()
    .meta({ label: 'Service-account key', description: 'Contents of a service-account key JSON file', secret: true }),
  accessToken: z.string().min(1).optional().meta({
    label: 'Access token',
    description: 'A static OAuth 2.0 access token (expires; for short sessions and tests)',
    secret: true,
  }),
  apiEndpoint: z.string().url().optional().meta({
    label: 'API endpoint',
    description: 'Override of https://bigquery.googleapis.com, for emulators and test servers',
  }),
  datasets: z.array(z.string().min(1)).optional().meta({
    label: 'Datasets',
    description:
      'Restrict introspection to these datasets, `dataset` or `project.dataset` (default: the default dataset, else all)',
  }),
  maximumBytesBilled: z.coerce.number().int().positive().default(DEFAULT_MAXIMUM_BYTES_BILLED).meta({
    label: 'Maximum bytes billed',
    description: 'Queries that would bill more bytes fail without running (default 10 GiB)',
  }),
});

export type BigQueryConfig = z.infer<typeof bigqueryConfigSchema>;

/**
 * Fields from `bigquery://<project>/<dataset>?location=US&apiEndpoint=...&datasets=a,b&maximumBytesBilled=N`.
 * Parsed by hand rather than with `new URL`: domain-scoped project ids (`example.com:project`) look
 * like a host and port to a URL parser.
 */
export function bigqueryOptionsFromUrl(url: string): Record<string, unknown> {
  const match = /^bigquery:\/\/([^/?#]*)(?:\/([^?#]*))?(?:\?([^#]*))?/i.exec(url.trim());
  if (!match) throw new Error('expected bigquery://<project>/<dataset>?location=...');
  const options: Record<string, unknown> = {};
  const project = decodeURIComponent(match[1] ?? '');
  const dataset = decodeURIComponent((match[2] ?? '').replace(/\/+$/, ''));
  if (project) options.projectId = project;
  if (dataset) options.dataset = dataset;
  for (const [key, value] of new URLSearchParams(match[3] ?? '')) {
    if (key === 'datasets')
      options.datasets = value
        .split(',')
        .map((d) => d.trim())
        .filter(Boolean);
    else if (
      ['location', 'apiEndpoint', 'keyFilename', 'accessToken', 'maximumBytesBilled', 'dataset', 'projectId'].includes(
        key,
      )
    )
      options[key] = value;
  }
  return options;
}
