/** The first admin of a region: created only while the region has no admin at all. */
import { type SQL, sql } from 'drizzle-orm';
import { query, type Read, read } from '../db';
import { normalizeEmail } from './users';

const anyAdmin = sql`EXISTS (SELECT 1 FROM users WHERE role = 'admin' AND deleted_at IS NULL)`;

export const adminExistsRead: Read<boolean> = read(
  [query<{ found: number }>(sql`SELECT ${anyAdmin} AS found`)],
  ([[row]]) => row?.found === 1,
);

type FirstAdmin = { email: string; name: string; passwordHash: string; language: string };

/**
 * Inserts the admin unless one exists by the time the batch runs (two people completing the
 * setup at once: one succeeds, the other finds the page gone). Returns the statement and the new
 * admin's id as SQL for the session insert after it.
 */
export function insertFirstAdmin(admin: FirstAdmin): { statement: SQL; id: SQL } {
  const email = normalizeEmail(admin.email);
  return {
    statement: sql`
      INSERT INTO users (email, name, password_hash, role, preferred_language)
      SELECT ${email}, ${admin.name}, ${admin.passwordHash}, 'admin', ${admin.language}
      WHERE NOT ${anyAdmin}
      ON CONFLICT (email) DO NOTHING
      RETURNING id`,
    id: sql`(SELECT id FROM users WHERE email = ${email} AND password_hash = ${admin.passwordHash})`,
  };
}
