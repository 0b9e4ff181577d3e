/**
 * What every request carries: the database (counting its round trips), the presented session,
 * the language and the `ui` the views render with.
 *
 * No D1 query happens here. A page reads the session in the same batch as its own data
 * (`load`), so a signed-in page costs one round trip, not two.
 *
 * Every request talks to D1 through the Sessions API, so that a region may turn read replication
 * on without a code change (docs/regions.md says what it gains and gives up):
 * - a visitor's pages may be read from any replica ("first-unconstrained"): they show published
 *   content, which is also what the page cache serves;
 * - a signed-in person always reads their own writes: the bookmark of the last batch they saw
 *   travels in BOOKMARK_COOKIE, and their next request starts from it (or from the primary when
 *   there is none). Writes always go to the primary.
 * Without replication every session is the primary database, and all of this changes nothing.
 */

import type { SQL } from 'drizzle-orm';
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { uiOf } from '../../views/context';
import {
  clearSessionCookie,
  currentUserId,
  presentedSession,
  readSession,
  SESSION_COOKIE,
  type SessionUser,
  writeRenewHint,
} from '../auth/session';
import { countRoundTrips } from '../d1-counter';
import { contentVersionRead } from '../data/content-version';
import type { Language } from '../data/schema';
import { defaultSettings, settingsRead } from '../data/settings';
import { afterWrites, createDb, type Read, readAll, runRead } from '../db';
import type { AppEnv } from '../env';
import { chooseLanguage, dictionaries } from '../i18n';

export const LANGUAGE_COOKIE = 'warsztat_lang';
export const BOOKMARK_COOKIE = 'warsztat_d1';
/** D1 bookmarks are hex groups joined by hyphens; anything else in the cookie is ignored. */
const BOOKMARK = /^[0-9a-f]{8}(-[0-9a-f]{1,64}){1,6}$/i;

export const loadRequestContext: MiddlewareHandler<AppEnv> = async (c, next) => {
  const now = Date.now();
  c.set('now', now);
  const session = await presentedSession(c, now);
  const bookmark = getCookie(c, BOOKMARK_COOKIE);
  const d1 = c.env.DB.withSession(session ? (bookmark && BOOKMARK.test(bookmark) ? bookmark : 'first-primary') : 'first-unconstrained');
  // drizzle and our round-trip counter need only prepare() and batch(), which a D1 session has.
  const counter = countRoundTrips(d1 as unknown as D1Database);
  c.set('db', createDb(counter.db));
  c.set('session', session);
  c.set('me', currentUserId(session));
  c.set('user', null);
  // Until `load` reads the saved settings in the page's batch (and on pages that never call it,
  // such as the error page), the region's settings are its wrangler.toml vars.
  const defaults = defaultSettings(c.env);
  c.set('settings', defaults);
  // The language is chosen before the batch, whose queries need it, so from the defaults (every
  // language offered). A page whose chosen language the saved settings do not offer keeps it for
  // that one page: its content was read in it. The switcher then offers only the offered ones,
  // and choosing one sets the cookie. (A module-level copy of the last-seen settings would avoid
  // that one page, but it outlives the request and would differ per isolate.)
  const lang = chooseLanguage({
    cookie: getCookie(c, LANGUAGE_COOKIE),
    acceptLanguage: c.req.header('Accept-Language'),
    fallback: defaults.defaultLanguage,
    offered: defaults.languages,
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
  // After a signed-in request, or one that signed in: where the next request must start.
  const latest = d1.getBookmark();
  const signedInNow = c.res.headers.get('Set-Cookie')?.includes(`${SESSION_COOKIE}=`) ?? false;
  if (latest && latest !== bookmark && (session || signedInNow)) {
    setCookie(c, BOOKMARK_COOKIE, latest, { httpOnly: true, secure: true, sameSite: 'Lax', path: '/' });
  }
};

/**
 * Runs `writes` and then reads `page`, with the session validated (and renewed when due) in front
 * of them: one batch, one round trip. The writes reach the user through `c.var.me`, which is NULL
 * for a missing or expired session, so they write nothing then. Puts the user on the context;
 * authorization is decided on what this returns.
 */
export async function load<T>(c: Context<AppEnv>, page: Read<T>, writes: readonly SQL[] = []) {
  const { session, db } = c.var;
  // The settings are read before the writes: a save shows its result on the page it redirects to.
  const settings = settingsRead(defaultSettings(c.env));
  if (!session) {
    // A visitor's page may go to the public page cache, under the content version it was made from.
    const {
      version,
      settings: saved,
      batch,
    } = await runRead(db, readAll({ version: contentVersionRead, settings, batch: afterWrites(writes, page) }));
    c.set('contentVersion', version);
    c.set('settings', saved);
    signIn(c, null);
    return { user: null, value: batch.value, written: batch.written };
  }
  const {
    user,
    settings: saved,
    batch,
  } = await runRead(db, readAll({ user: readSession(session), settings, batch: afterWrites(writes, page) }));
  c.set('settings', saved);
  if (!user) clearSessionCookie(c);
  else if (session.renew) writeRenewHint(c, user.renewAt);
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
