import { eq } from 'drizzle-orm';
import type { Db } from '../db';
import { users, type Language, type Role } from './schema';

export async function findUserByEmail(db: Db, email: string) {
  return db.select().from(users).where(eq(users.email, normalizeEmail(email))).get();
}

/** Returns the new user's id, or null when the email is taken (the unique index decides). */
export async function createUser(
  db: Db,
  input: { email: string; name: string; passwordHash: string; role?: Role; preferredLanguage?: Language | null },
): Promise<number | null> {
  const row = await db
    .insert(users)
    .values({ ...input, email: normalizeEmail(input.email) })
    .onConflictDoNothing({ target: users.email })
    .returning({ id: users.id })
    .get();
  return row?.id ?? null;
}

export async function setPreferredLanguage(db: Db, userId: number, language: Language) {
  await db.update(users).set({ preferredLanguage: language }).where(eq(users.id, userId));
}

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}
