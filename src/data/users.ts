import { type SQL, sql } from 'drizzle-orm';
import { type Db, query, type Read, read } from '../db';
import { type Language, type Role, users } from './schema';

export type Credentials = {
  id: number;
  passwordHash: string;
  role: Role;
  preferredLanguage: Language | null;
  /** An admin deactivated the account: it may not sign in (said only after the password is right). */
  deactivatedAt: number | null;
};

export function userByEmailRead(email: string): Read<Credentials | null> {
  return read(
    [
      query<Credentials>(sql`
        SELECT ${users.id} AS id, ${users.passwordHash} AS passwordHash, ${users.role} AS role,
          ${users.preferredLanguage} AS preferredLanguage, ${users.deactivatedAt} AS deactivatedAt
        FROM ${users} WHERE ${users.email} = ${normalizeEmail(email)}`),
    ],
    ([[row]]) => row ?? null,
  );
}

type NewUser = { email: string; name: string; passwordHash: string; role?: Role; preferredLanguage?: Language | null };

/** Returns the new user's id, or null when the email is taken (the unique index decides). */
export async function createUser(db: Db, input: NewUser): Promise<number | null> {
  const row = await db
    .insert(users)
    .values({ ...input, email: normalizeEmail(input.email) })
    .onConflictDoNothing({ target: users.email })
    .returning({ id: users.id })
    .get();
  return row?.id ?? null;
}

/**
 * Sign-up's insert for a batch, with the new user's id as SQL for the statements after it. The
 * password hash carries a fresh random salt, so matching on it finds only the row this statement
 * inserted: when the email is taken, the id is NULL and nothing after it writes.
 */
export function insertUser(input: NewUser): { statement: SQL; id: SQL } {
  const email = normalizeEmail(input.email);
  return {
    statement: sql`
      INSERT INTO ${users} (email, name, password_hash, role, preferred_language)
      VALUES (${email}, ${input.name}, ${input.passwordHash}, ${input.role ?? 'trainer'}, ${input.preferredLanguage ?? null})
      ON CONFLICT (email) DO NOTHING RETURNING id`,
    id: sql`(SELECT ${users.id} FROM ${users} WHERE ${users.email} = ${email} AND ${users.passwordHash} = ${input.passwordHash})`,
  };
}

export function setPreferredLanguage(me: SQL, language: Language): SQL {
  return sql`UPDATE ${users} SET preferred_language = ${language} WHERE ${users.id} = ${me}`;
}

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}
