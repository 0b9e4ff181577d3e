/** What every Studio route shares: who may use it, its numeric path parameters, who acts. */
import type { Context } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../../env';

/** For `signedIn(…)`: trainers get 403. Every write also checks the role in its own SQL. */
export const ADMIN = { role: 'admin' } as const;

/** A row id in a path: a positive integer (a malformed one is a 404, see `params`). */
export const idParam = z.coerce
  .number()
  .int()
  .positive()
  .max(2 ** 31);

/** The signed-in user (as SQL) and the one timestamp of this request's writes. */
export const actor = (c: Context<AppEnv>) => ({ me: c.var.me, now: c.var.now });
