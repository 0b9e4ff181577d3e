import type { Context } from 'hono';
import type { SessionUser } from '../src/auth/session';
import type { Language } from '../src/data/schema';
import type { AppEnv } from '../src/env';
import type { Dictionary } from '../src/i18n';

/** What every page needs to know about the request it renders for. */
export type Ui = {
  t: Dictionary;
  lang: Language;
  user: SessionUser | null;
  /** Path and query of this page: the language switcher returns here. */
  path: string;
  siteName: string;
  signupOpen: boolean;
};

export function uiOf(c: Context<AppEnv>): Ui {
  const url = new URL(c.req.url);
  return {
    t: c.var.t,
    lang: c.var.lang,
    user: c.var.user,
    path: url.pathname + url.search,
    siteName: c.env.SITE_NAME,
    signupOpen: c.env.SIGNUP_OPEN === 'true',
  };
}
