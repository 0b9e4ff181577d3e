/**
 * A trainer's own data: everything Warsztat holds about the signed-in person (the export), and
 * the erasure of it (deleting the account).
 *
 * The export is one statement per table, all in the page's one batch. Each table is described
 * once, with its columns and how to read each, so the JSON document and the CSV files show the
 * same rows. Secrets are never part of it: no password hash, no session id, no token hash.
 */
import { type SQL, sql } from 'drizzle-orm';
import { mapRead, query, type Read, read, readAll } from '../db';
import type { Language } from './schema';
import { fillSeatsStatements, type Promoted } from './seats';
import { translatedTexts } from './texts';

/** How a column's SQL value becomes an exported value. */
type Kind = 'text' | 'number' | 'time' | 'flag' | 'json';

type TableSpec = { columns: Record<string, Kind>; statement: (ctx: ExportContext) => SQL };

type ExportContext = { me: SQL; lang: Language; now: number; defaultCohortName: string };

export type ExportValue = string | number | boolean | null | Record<string, unknown>;
export type ExportRow = Record<string, ExportValue>;

/** A cohort as the trainer knows it: a course's default cohort has no name of its own. */
const cohortName = (defaultName: string) => sql`CASE WHEN h.is_default = 1 THEN ${defaultName} ELSE h.name END`;

const courseTitle = (lang: Language) => translatedTexts('course_texts', sql`c.id`, lang);
const lessonTitle = (lang: Language) => translatedTexts('lesson_texts', sql`l.id`, lang);

const TABLES = {
  account: {
    columns: { email: 'text', name: 'text', role: 'text', language: 'text', created_at: 'time', deactivated_at: 'time' },
    statement: ({ me }) => sql`
      SELECT email, name, role, preferred_language AS language, created_at, deactivated_at FROM users WHERE id = ${me}`,
  },
  enrolments: {
    columns: {
      course_slug: 'text',
      course_title: 'text',
      cohort: 'text',
      cohort_starts_at: 'time',
      cohort_ends_at: 'time',
      enrolled_at: 'time',
      completed_at: 'time',
      withdrawn_at: 'time',
    },
    statement: ({ me, lang, defaultCohortName }) => sql`
      SELECT c.slug AS course_slug, coalesce(t.title, m.title) AS course_title, ${cohortName(defaultCohortName)} AS cohort,
        h.starts_at AS cohort_starts_at, h.ends_at AS cohort_ends_at, e.enrolled_at, e.completed_at, e.withdrawn_at
      FROM enrolments e JOIN courses c ON c.id = e.course_id ${courseTitle(lang)}
      LEFT JOIN cohorts h ON h.id = e.cohort_id
      WHERE e.user_id = ${me} ORDER BY e.enrolled_at, e.id`,
  },
  waitlist: {
    columns: { course_slug: 'text', course_title: 'text', cohort: 'text', joined_at: 'time' },
    statement: ({ me, lang, defaultCohortName }) => sql`
      SELECT c.slug AS course_slug, coalesce(t.title, m.title) AS course_title, ${cohortName(defaultCohortName)} AS cohort,
        w.created_at AS joined_at
      FROM waitlist w JOIN cohorts h ON h.id = w.cohort_id JOIN courses c ON c.id = h.course_id ${courseTitle(lang)}
      WHERE w.user_id = ${me} ORDER BY w.created_at, w.id`,
  },
  'lesson-progress': {
    columns: { course_slug: 'text', lesson_key: 'text', lesson_title: 'text', completed_at: 'time' },
    statement: ({ me, lang }) => sql`
      SELECT c.slug AS course_slug, l.key AS lesson_key, coalesce(t.title, m.title) AS lesson_title, p.completed_at
      FROM lesson_progress p JOIN lessons l ON l.id = p.lesson_id JOIN courses c ON c.id = l.course_id ${lessonTitle(lang)}
      WHERE p.user_id = ${me} ORDER BY p.completed_at, l.position`,
  },
  'quiz-attempts': {
    columns: {
      course_slug: 'text',
      lesson_key: 'text',
      lesson_title: 'text',
      score: 'number',
      max_score: 'number',
      passed: 'flag',
      answers: 'json',
      attempted_at: 'time',
    },
    statement: ({ me, lang }) => sql`
      SELECT c.slug AS course_slug, l.key AS lesson_key, coalesce(t.title, m.title) AS lesson_title,
        a.score, a.max_score, a.passed, a.answers, a.created_at AS attempted_at
      FROM quiz_attempts a JOIN lessons l ON l.id = a.lesson_id JOIN courses c ON c.id = l.course_id ${lessonTitle(lang)}
      WHERE a.user_id = ${me} ORDER BY a.created_at, a.id`,
  },
  reflections: {
    columns: { course_slug: 'text', lesson_key: 'text', lesson_title: 'text', text: 'text', updated_at: 'time' },
    statement: ({ me, lang }) => sql`
      SELECT c.slug AS course_slug, l.key AS lesson_key, coalesce(t.title, m.title) AS lesson_title, r.body AS text, r.updated_at
      FROM reflections r JOIN lessons l ON l.id = r.lesson_id JOIN courses c ON c.id = l.course_id ${lessonTitle(lang)}
      WHERE r.user_id = ${me} ORDER BY c.slug, l.position`,
  },
  certificates: {
    columns: { code: 'text', course_slug: 'text', course_title: 'text', issued_at: 'time' },
    statement: ({ me, lang }) => sql`
      SELECT cert.code, c.slug AS course_slug, coalesce(t.title, m.title) AS course_title, cert.issued_at
      FROM certificates cert JOIN courses c ON c.id = cert.course_id ${courseTitle(lang)}
      WHERE cert.user_id = ${me} ORDER BY cert.issued_at, cert.id`,
  },
  // The session id is the hash of the cookie's token: never exported.
  sessions: {
    columns: { created_at: 'time', expires_at: 'time' },
    statement: ({ me }) => sql`SELECT created_at, expires_at FROM sessions WHERE user_id = ${me} ORDER BY created_at`,
  },
  // Invitations sent to the account's address (by admins, before or after it existed).
  invitations: {
    columns: { name: 'text', state: 'text', created_at: 'time', expires_at: 'time', accepted_at: 'time', revoked_at: 'time' },
    statement: ({ me, now }) => sql`
      SELECT name,
        CASE WHEN accepted_at IS NOT NULL THEN 'accepted' WHEN revoked_at IS NOT NULL THEN 'revoked'
          WHEN expires_at <= ${now} THEN 'expired' ELSE 'pending' END AS state,
        created_at, expires_at, accepted_at, revoked_at
      FROM invitations WHERE email = (SELECT email FROM users WHERE id = ${me}) ORDER BY created_at, id`,
  },
  // The participant profile (src/data/profiles.ts): the answers and when consent was given, or
  // only when the profile was declined.
  'participant-profile': {
    columns: {
      gender: 'text',
      birth_year: 'number',
      labour_status: 'text',
      education: 'text',
      disability: 'text',
      consent_at: 'time',
      disability_consent_at: 'time',
      declined_at: 'time',
      created_at: 'time',
      updated_at: 'time',
    },
    statement: ({ me }) => sql`
      SELECT gender, birth_year, labour_status, education, disability, consent_at, disability_consent_at, declined_at,
        created_at, updated_at
      FROM participant_profiles WHERE user_id = ${me}`,
  },
  // Password-reset and email-change links: what they were for and when they end, never the hash.
  'account-tokens': {
    columns: { purpose: 'text', new_email: 'text', created_at: 'time', expires_at: 'time', used_at: 'time' },
    statement: ({ me }) => sql`
      SELECT purpose, new_email, created_at, expires_at, used_at FROM account_tokens WHERE user_id = ${me} ORDER BY created_at`,
  },
} satisfies Record<string, TableSpec>;

export type MyDataTable = keyof typeof TABLES;
export const MY_DATA_TABLES = Object.keys(TABLES) as MyDataTable[];

export function columnsOf(table: MyDataTable): string[] {
  return Object.keys(TABLES[table].columns);
}

export type MyData = Record<MyDataTable, ExportRow[]>;

/** Every table, each as rows of exported values: one statement per table. */
export function myDataRead(ctx: ExportContext): Read<MyData> {
  const statements = MY_DATA_TABLES.map((name) => query<Record<string, unknown>>((TABLES[name] as TableSpec).statement(ctx)));
  return read(statements, (results) => {
    const out = {} as MyData;
    MY_DATA_TABLES.forEach((name, i) => {
      out[name] = (results[i] ?? []).map((row) => exported(row, TABLES[name].columns));
    });
    return out;
  });
}

/** One table, the same rows as in `myDataRead`. */
export function myDataTableRead(ctx: ExportContext, table: MyDataTable): Read<ExportRow[]> {
  const spec = TABLES[table] as TableSpec;
  return read([query<Record<string, unknown>>(spec.statement(ctx))], ([rows]) => rows.map((row) => exported(row, spec.columns)));
}

function exported(row: Record<string, unknown>, columns: Record<string, Kind>): ExportRow {
  const out: ExportRow = {};
  for (const [column, kind] of Object.entries(columns)) out[column] = exportedValue(row[column], kind);
  return out;
}

function exportedValue(value: unknown, kind: Kind): ExportValue {
  if (value === null || value === undefined) return null;
  if (kind === 'time') return new Date(Number(value)).toISOString();
  if (kind === 'flag') return value === 1 || value === true;
  if (kind === 'number') return Number(value);
  if (kind === 'json') {
    try {
      return JSON.parse(String(value)) as Record<string, unknown>;
    } catch {
      return String(value);
    }
  }
  return String(value);
}

// ——— Deleting the account ———

export type DeletionCheck = {
  passwordHash: string;
  /** The only admin left: deleting would leave nobody to run the site. */
  lastAdmin: boolean;
  /** Cohorts where the account holds a seat, to give to the next on their waitlists. */
  cohorts: number[];
};

/** Another admin who can still sign in. */
const otherActiveAdmin = (user: SQL) =>
  sql`EXISTS (SELECT 1 FROM users o WHERE o.role = 'admin' AND o.id <> ${user} AND o.deleted_at IS NULL AND o.deactivated_at IS NULL)`;

export function deletionCheckRead(me: SQL): Read<DeletionCheck | null> {
  return read(
    [
      query<{ passwordHash: string; lastAdmin: number }>(sql`
        SELECT u.password_hash AS passwordHash, (u.role = 'admin' AND NOT ${otherActiveAdmin(sql`u.id`)}) AS lastAdmin
        FROM users u WHERE u.id = ${me} AND u.deleted_at IS NULL`),
      query<{ cohortId: number }>(sql`
        SELECT cohort_id AS cohortId FROM enrolments WHERE user_id = ${me} AND withdrawn_at IS NULL AND cohort_id IS NOT NULL`),
    ],
    ([[user], cohorts]) =>
      user ? { passwordHash: user.passwordHash, lastAdmin: user.lastAdmin === 1, cohorts: cohorts.map((r) => r.cohortId) } : null,
  );
}

/** The address that replaces a deleted account's: unique (the id), and never deliverable (RFC 2606 `.invalid`). */
export const deletedEmail = (id: number) => `deleted-${id}@invalid`;

export type Deletion = { deleted: boolean; promoted: Promoted[] };

/**
 * Erases the person and keeps the anonymous record, in one batch (one transaction: all or
 * nothing). `me` is the session's user as SQL, so the first statement writes only while the
 * session is valid, and only when another active admin remains if this is an admin (checked again
 * here: two admins deleting themselves at once cannot both succeed). Every later statement runs
 * only if that one did (`erased`). `user` is who the session said this is, read in the first
 * batch; `cohorts` the seats they held then.
 *
 * What goes and what stays:
 * - users: the row stays, so progress, completions and certificates still count in reports,
 *   but it no longer says who: the email becomes `deleted-<id>@invalid` (unique, undeliverable,
 *   refused by the sign-in form), the name empty, the password hash empty (verifyPassword answers
 *   false for a hash without the `pbkdf2-sha256$` scheme, so no password signs in), no language.
 * - reflections: deleted (free text, the most personal thing here).
 * - participant profile: deleted (gender, birth year, labour status, education, disability).
 * - quiz attempts: score, max and passed stay for reports; `answers` becomes '{}'. They are only
 *   option positions, but they are a record of what this person thought, and nothing counts them.
 * - sessions, account tokens, waitlist places: deleted. Invitations to the address: deleted
 *   (a pending link must not create an account for an erased person). Rate-limit counters whose
 *   key holds the address: deleted.
 * - enrolments: withdrawn (the row, with its completion date, stays for reports), and each freed
 *   seat goes to the next on that cohort's waitlist; `promoted` lists them for their emails.
 * - certificates stay (their codes are on paper somewhere); the public check says the holder's
 *   account was deleted. audit_log and course_versions keep the user id (a number, no name).
 */
export function deleteAccountRead(me: SQL, user: { id: number; email: string }, cohorts: readonly number[], now: number): Read<Deletion> {
  const id = user.id;
  const erased = sql`EXISTS (SELECT 1 FROM users WHERE id = ${id} AND deleted_at = ${now})`;
  const erase = read(
    [
      query<{ id: number }>(sql`
        UPDATE users SET email = ${deletedEmail(id)}, name = '', password_hash = '', preferred_language = NULL, deleted_at = ${now}
        WHERE id = ${me} AND id = ${id} AND deleted_at IS NULL AND (role <> 'admin' OR ${otherActiveAdmin(sql`users.id`)})
        RETURNING id`),
      query<never>(sql`DELETE FROM reflections WHERE user_id = ${id} AND ${erased}`),
      query<never>(sql`DELETE FROM participant_profiles WHERE user_id = ${id} AND ${erased}`),
      query<never>(sql`UPDATE quiz_attempts SET answers = '{}' WHERE user_id = ${id} AND ${erased}`),
      query<never>(sql`DELETE FROM waitlist WHERE user_id = ${id} AND ${erased}`),
      query<never>(sql`DELETE FROM account_tokens WHERE user_id = ${id} AND ${erased}`),
      query<never>(sql`DELETE FROM invitations WHERE email = ${user.email} AND ${erased}`),
      // instr, not LIKE: `_` and `%` are ordinary characters in an address.
      query<never>(sql`DELETE FROM rate_limits WHERE instr(key, ${user.email}) > 0 AND ${erased}`),
      query<never>(sql`UPDATE enrolments SET withdrawn_at = ${now} WHERE user_id = ${id} AND withdrawn_at IS NULL AND ${erased}`),
    ],
    ([updated]) => updated.length > 0,
  );
  // The seats freed above, in the cohorts read in the first batch: the next in line move up.
  const fills = cohorts.map((cohort) => {
    const fill = fillSeatsStatements(sql`${cohort}`, now, erased);
    const statements = [...fill.statements, fill.promoted, fill.clear];
    return { statements, parse: (rows: unknown[][]) => (rows[fill.statements.length] ?? []) as Promoted[] } satisfies Read<Promoted[]>;
  });
  const promoted: Read<Promoted[]> = mapRead(readAll(Object.fromEntries(fills.entries())), (lists) => Object.values(lists).flat());
  // Last, as nothing after it needs the session.
  const signOut = read([query<never>(sql`DELETE FROM sessions WHERE user_id = ${id} AND ${erased}`)], () => null);
  return mapRead(readAll({ deleted: erase, promoted, signOut }), ({ deleted, promoted }) => ({ deleted, promoted }));
}
