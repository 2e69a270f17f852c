import pg from 'pg';

/** Runs `sql` over a fresh admin connection (test setup only); rejects with the driver's error. */
export async function adminQuery(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  client.on('error', () => undefined);
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** True when a connection error means "no server there" (skip outside CI) rather than a real failure. */
export function unreachable(error: unknown): boolean {
  const e = error as { code?: string; message?: string; errors?: { code?: string }[] };
  const code = e.code ?? e.errors?.[0]?.code ?? '';
  return (
    /^(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|EHOSTUNREACH|ECONNRESET)$/.test(code) ||
    /timeout|terminated/i.test(e.message ?? '')
  );
}
