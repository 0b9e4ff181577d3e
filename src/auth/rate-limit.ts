/**
 * Sign-in throttling, per email and per client address, so that a password cannot be guessed by
 * volume against one account or from one machine. Sign-up is throttled per client address with
 * the same counter under its own key: each sign-up costs a 100k-iteration PBKDF2 hash, so a flood
 * of them would burn our CPU time (and fill the users table).
 *
 * Production uses the Workers Rate Limiting binding (SIGNIN_LIMITER: 10 per 60 s per key), which
 * costs no D1 round trip. Where it is absent or not wanted (`wrangler dev`, tests: set
 * RATE_LIMIT_STORE = "d1"), a fixed-window counter in D1 does the same job: one batch of upserts.
 * Both count every attempt, successful or not, so the check happens before the password is hashed
 * and a flood costs us no PBKDF2 time.
 */
import { sql } from 'drizzle-orm';
import { type Db, mapRead, nothing, query, type Read, read, runRead } from '../db';
import type { Bindings } from '../env';

export const SIGNIN_LIMIT = 10;
export const SIGNIN_WINDOW_MS = 60_000;

type LimiterEnv = Pick<Bindings, 'SIGNIN_LIMITER' | 'RATE_LIMIT_STORE'>;

/**
 * Counts one attempt for each key. With the binding the answer is known at once (a read of
 * nothing); with D1 it is a read to put in the caller's batch, so that counting costs no round
 * trip of its own.
 */
export async function countAttempts(env: LimiterEnv, keys: string[], now = Date.now()): Promise<Read<boolean>> {
  const limiter = env.RATE_LIMIT_STORE !== 'd1' ? env.SIGNIN_LIMITER : undefined;
  if (limiter) {
    const results = await Promise.all(keys.map((key) => limiter.limit({ key })));
    const allowed = results.every((r) => r.success);
    return mapRead(nothing, () => allowed);
  }
  const windowStart = now - (now % SIGNIN_WINDOW_MS);
  return read(
    keys.map((key) =>
      query<{ count: number }>(sql`
        INSERT INTO rate_limits (key, window_start, count) VALUES (${key}, ${windowStart}, 1)
        ON CONFLICT (key) DO UPDATE SET
          count = CASE WHEN window_start = excluded.window_start THEN count + 1 ELSE 1 END,
          window_start = excluded.window_start
        RETURNING count`),
    ),
    (counts) => counts.every((rows) => (rows[0]?.count ?? 0) <= SIGNIN_LIMIT),
  );
}

/** `countAttempts` on its own: one round trip with D1, none with the binding. */
export async function allowSignInAttempt(env: LimiterEnv, db: Db, keys: string[], now = Date.now()): Promise<boolean> {
  return runRead(db, await countAttempts(env, keys, now));
}

/** For the daily cron: counters of windows that have closed. */
export function pruneRateLimits(now: number) {
  return sql`DELETE FROM rate_limits WHERE window_start < ${now - SIGNIN_WINDOW_MS}`;
}

/** Sign-up attempts from one client address: the same limits as sign-in, counted apart from it. */
export function allowSignUpAttempt(
  env: Pick<Bindings, 'SIGNIN_LIMITER' | 'RATE_LIMIT_STORE'>,
  db: Db,
  client: string,
  now = Date.now(),
): Promise<boolean> {
  return allowSignInAttempt(env, db, [`signup-ip:${client}`], now);
}
