import type { SessionUser } from './auth/session';
import type { Db } from './db';
import type { Language } from './data/schema';
import type { Dictionary } from './i18n';

/** Bindings and vars from wrangler.toml. */
export type Bindings = {
  DB: D1Database;
  ASSETS?: Fetcher;
  SIGNIN_LIMITER?: RateLimit;
  /** "d1" forces the D1 fallback limiter (local dev, tests). */
  RATE_LIMIT_STORE?: string;
  DEFAULT_LANGUAGE: string;
  SIGNUP_OPEN: string;
  SITE_NAME: string;
};

/** What middleware puts on the context for handlers and views. */
export type Variables = {
  db: Db;
  user: SessionUser | null;
  lang: Language;
  t: Dictionary;
};

export type AppEnv = { Bindings: Bindings; Variables: Variables };
