/**
 * What every request carries: the database (counting its round trips), the presented session,
 * the language and the `ui` the views render with.
 *
 * No D1 query happens here. A page reads the session in the same batch as its own data
 * (`load`), so a signed-in page costs one round trip, not two.
 */

import type { SQL } from 'drizzle-orm';
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { uiOf } from '../../views/context';
import { clearSessionCookie, currentUserId, presentedSession, readSession, type SessionUser } from '../auth/session';
import { countRoundTrips } from '../d1-counter';
import { contentVersionRead } from '../data/content-version';
import type { Language } from '../data/schema';
import { afterWrites, createDb, type Read, readAll, runRead } from '../db';
import type { AppEnv } from '../env';
import { chooseLanguage, dictionaries } from '../i18n';

export const LANGUAGE_COOKIE = 'warsztat_lang';

export const loadRequestContext: MiddlewareHandler<AppEnv> = async (c, next) => {
  const counter = countRoundTrips(c.env.DB);
  c.set('db', createDb(counter.db));
  const now = Date.now();
  c.set('now', now);
  const session = await presentedSession(c, now);
  c.set('session', session);
  c.set('me', currentUserId(session));
  c.set('user', null);
  const lang = chooseLanguage({
    cookie: getCookie(c, LANGUAGE_COOKIE),
    acceptLanguage: c.req.header('Accept-Language'),
    fallback: c.env.DEFAULT_LANGUAGE,
  });
  c.set('lang', lang);
  c.set('t', dictionaries[lang]);
  c.set('ui', uiOf(c));
  await next();
  // Pages differ per user and language: never let a shared cache keep one. (The page cache sets
  // its own Cache-Control on the anonymous responses it stores.)
  if (!c.res.headers.has('Cache-Control')) c.header('Cache-Control', 'private, no-cache');
  // Pages depend on the session and language; files (images, exports) do not.
  if (c.res.headers.get('Content-Type')?.startsWith('text/html')) c.header('Vary', 'Cookie, Accept-Language');
  c.header('Server-Timing', `d1;desc="${counter.roundTrips()} round trips"`);
};

/**
 * Runs `writes` and then reads `page`, with the session validated (and renewed when due) in front
 * of them: one batch, one round trip. The writes reach the user through `c.var.me`, which is NULL
 * for a missing or expired session, so they write nothing then. Puts the user on the context;
 * authorization is decided on what this returns.
 */
export async function load<T>(c: Context<AppEnv>, page: Read<T>, writes: readonly SQL[] = []) {
  const { session, db } = c.var;
  if (!session) {
    // A visitor's page may go to the public page cache, under the content version it was made from.
    const { version, batch } = await runRead(db, readAll({ version: contentVersionRead, batch: afterWrites(writes, page) }));
    c.set('contentVersion', version);
    return { user: null, value: batch.value, written: batch.written };
  }
  const { user, batch } = await runRead(db, readAll({ user: readSession(session), batch: afterWrites(writes, page) }));
  if (!user) clearSessionCookie(c);
  signIn(c, user);
  return { user, value: batch.value, written: batch.written };
}

/** Puts the user (or nobody) on the context for handlers and views. */
export function signIn(c: Context<AppEnv>, user: SessionUser | null) {
  c.set('user', user);
  c.set('ui', uiOf(c));
  // The account's language choice travels in the cookie that picks the language of the next page.
  const preferred = user?.preferredLanguage;
  if (preferred && preferred !== getCookie(c, LANGUAGE_COOKIE)) setLanguageCookie(c, preferred);
}

export function setLanguageCookie(c: Context, lang: Language) {
  setCookie(c, LANGUAGE_COOKIE, lang, { path: '/', sameSite: 'Lax', secure: true, maxAge: 365 * 24 * 3600 });
}
