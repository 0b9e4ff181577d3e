import type { SQL } from 'drizzle-orm';
import type { Ui } from '../views/context';
import type { SessionKey, SessionUser } from './auth/session';
import type { Language } from './data/schema';
import type { SiteSettings } from './data/settings';
import type { Db } from './db';
import type { Dictionary } from './i18n';

/**
 * Bindings and vars: the `Env` that `wrangler types` writes from wrangler.toml into
 * worker-configuration.d.ts (`npm run types`; `npm run check` fails when it is stale).
 * The rate limiter and the assets binding stay optional: code must work without them.
 * RATE_LIMIT_STORE = "d1" forces the D1 fallback limiter (local dev, tests).
 */
export type Bindings = Omit<Env, 'SIGNIN_LIMITER' | 'ASSETS'> &
  Partial<Pick<Env, 'SIGNIN_LIMITER' | 'ASSETS'>> & {
    /** A secret, so not in wrangler.toml: set only while a region has no admin (src/routes/setup.tsx). */
    SETUP_TOKEN?: string;
  };

/** What middleware puts on the context for handlers and views. */
export type Variables = {
  db: Db;
  /** The session the cookie names, not yet validated: `load` validates it with the page's batch. */
  session: SessionKey | null;
  /** When this request happened: the one timestamp of its writes. */
  now: number;
  /** The signed-in user's id as SQL, for the page's statements (NULL when not signed in). */
  me: SQL;
  /** Null until `load` has validated the session. */
  user: SessionUser | null;
  /** Set by `load` for a visitor: the content version the page was made from (page cache). */
  contentVersion: number | undefined;
  lang: Language;
  t: Dictionary;
  /** The region's settings: the env defaults until `load` has read the saved ones in its batch. */
  settings: SiteSettings;
  ui: Ui;
};

export type AppEnv = { Bindings: Bindings; Variables: Variables };
