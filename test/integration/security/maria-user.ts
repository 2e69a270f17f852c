import { randomBytes } from 'node:crypto';
import { connectAsRoot } from '../conformance/mysql-harness.js';

/** A MariaDB account created for one test file (root has an empty password, so it cannot prove a password is used). */
export interface MariaUser {
  user: string;
  password: string;
  drop(): Promise<void>;
}

const HOSTS = ['localhost', '127.0.0.1', '%'];

/**
 * Creates a user with `password` and the given grants on `test.*` (e.g. `SELECT`), or returns
 * undefined when MariaDB is not running (outside CI the caller skips).
 */
export async function createMariaUser(password: string, grants: string): Promise<MariaUser | undefined> {
  const admin = await connectAsRoot();
  if (!admin) return undefined;
  const user = `dc_${randomBytes(5).toString('hex')}`;
  try {
    await admin.query('CREATE DATABASE IF NOT EXISTS test');
    for (const host of HOSTS) {
      await admin.query('CREATE USER ?@? IDENTIFIED BY ?', [user, host, password]);
      await admin.query(`GRANT ${grants} ON test.* TO ?@?`, [user, host]);
    }
  } finally {
    await admin.end();
  }
  return {
    user,
    password,
    async drop() {
      const again = await connectAsRoot();
      if (!again) return;
      try {
        for (const host of HOSTS) await again.query('DROP USER IF EXISTS ?@?', [user, host]);
      } finally {
        await again.end();
      }
    },
  };
}
