import { z } from 'zod';

/** Fields of a SQLite connection: a file path (relative to the project folder) or a `sqlite:` URL. */
export const sqliteConfigSchema = z.object({
  path: z
    .string()
    .min(1)
    .optional()
    .meta({ label: 'Database file', description: 'Path to the .sqlite/.db file, relative to the project folder' }),
});

export type SqliteConfig = z.infer<typeof sqliteConfigSchema>;

/** Extracts the file path from `sqlite:relative/path.db`, `sqlite:///abs/path.db`, `file:path` or a bare path. */
export function sqlitePathFromUrl(url: string): string {
  const stripped = url.replace(/^(sqlite|file):(\/\/)?/i, '');
  return stripped.split('?')[0]!;
}
