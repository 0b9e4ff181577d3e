import type { SessionUser } from './auth/session';
import type { Db } from './db';
import type { Language } from './data/schema';
import type { Dictionary } from './i18n';

/**
 * Bindings and vars: the `Env` that `wrangler types` writes from wrangler.toml into
 * worker-configuration.d.ts (`npm run types`; `npm run check` fails when it is stale).
 * The rate limiter and the assets binding stay optional: code must work without them.
 * RATE_LIMIT_STORE = "d1" forces the D1 fallback limiter (local dev, tests).
 */
export type Bindings = Omit<Env, 'SIGNIN_LIMITER' | 'ASSETS'> & Partial<Pick<Env, 'SIGNIN_LIMITER' | 'ASSETS'>>;

/** What middleware puts on the context for handlers and views. */
export type Variables = {
  db: Db;
  user: SessionUser | null;
  lang: Language;
  t: Dictionary;
};

export type AppEnv = { Bindings: Bindings; Variables: Variables };
