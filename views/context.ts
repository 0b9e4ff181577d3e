import type { Context } from 'hono';
import type { SessionUser } from '../src/auth/session';
import type { Language } from '../src/data/schema';
import type { SiteSettings } from '../src/data/settings';
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
  /** Whether anyone may try to sign up (the 'domains' policy checks the address on submit). */
  signupOpen: boolean;
  /** For the footer, the language switcher and certificates. */
  settings: SiteSettings;
};

export function uiOf(c: Context<AppEnv>): Ui {
  const url = new URL(c.req.url);
  return {
    t: c.var.t,
    lang: c.var.lang,
    user: c.var.user,
    path: url.pathname + url.search,
    siteName: c.var.settings.siteName,
    signupOpen: c.var.settings.signupPolicy !== 'invitation',
    settings: c.var.settings,
  };
}
