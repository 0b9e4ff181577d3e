import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import type { JSX } from 'hono/jsx/jsx-runtime';
import { clearSessionCookie, readSessionCookie, validateSessionToken, writeSessionCookie } from './auth/session';
import { countRoundTrips } from './d1-counter';
import { createDb } from './db';
import type { AppEnv } from './env';
import { chooseLanguage, dictionaries } from './i18n';
import { uiOf } from '../views/context';
import { ErrorPage, type ErrorKind } from '../views/errors';

export const LANGUAGE_COOKIE = 'warsztat_lang';

/** Puts the database, the signed-in user (if any) and the page language on the context. */
export const loadRequestContext: MiddlewareHandler<AppEnv> = async (c, next) => {
  const counter = countRoundTrips(c.env.DB);
  const db = createDb(counter.db);
  c.set('db', db);
  let user = null;
  const token = readSessionCookie(c);
  if (token) {
    const session = await validateSessionToken(db, token);
    if (session) {
      user = session.user;
      if (session.renewed) writeSessionCookie(c, token, session.expiresAt);
    } else {
      clearSessionCookie(c);
    }
  }
  c.set('user', user);
  const lang = chooseLanguage({
    preferred: user?.preferredLanguage,
    cookie: getCookie(c, LANGUAGE_COOKIE),
    acceptLanguage: c.req.header('Accept-Language'),
    fallback: c.env.DEFAULT_LANGUAGE,
  });
  c.set('lang', lang);
  c.set('t', dictionaries[lang]);
  await next();
  // Pages differ per user and language: never let a shared cache keep one.
  if (!c.res.headers.has('Cache-Control')) c.header('Cache-Control', 'private, no-cache');
  c.header('Vary', 'Cookie, Accept-Language');
  c.header('Server-Timing', `d1;desc="${counter.roundTrips()} round trips"`);
};

/**
 * Anonymous visitors go to sign-in and come back here afterwards. An htmx request (say, a
 * mark-complete click after the session expired) gets HX-Redirect instead: fetch would follow a
 * 303 and swap the whole sign-in page into the button. htmx reads the header only on a 2xx.
 */
export const requireUser: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (!c.var.user) {
    const url = new URL(c.req.url);
    const back = c.req.method === 'GET' ? url.pathname + url.search : url.pathname.replace(/\/[^/]+$/, '');
    const signIn = `/sign-in?next=${encodeURIComponent(back)}`;
    if (isHtmx(c)) return c.body(null, 200, { 'HX-Redirect': signIn });
    return c.redirect(signIn, 303);
  }
  await next();
};

export const requireAdmin: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (!c.var.user) return requireUser(c, next);
  if (c.var.user.role !== 'admin') return renderError(c, 'forbidden', 403);
  await next();
};

export function isHtmx(c: Context): boolean {
  return c.req.header('HX-Request') === 'true';
}

export function render(c: Context<AppEnv>, page: JSX.Element, status: 200 | 422 | 404 | 403 | 429 | 400 = 200) {
  return c.html(page, status);
}

/**
 * The error page, or for an htmx request a message that fits where the widget was: htmx 4 swaps
 * 4xx/5xx responses into the target, so a whole page would land inside a button.
 */
export function renderError(c: Context<AppEnv>, kind: ErrorKind, status: 400 | 403 | 404 | 500) {
  if (isHtmx(c)) {
    return c.html(
      <p class="form-error" role="alert">
        {c.var.t.errors[kind]}
      </p>,
      status,
    );
  }
  return c.html(<ErrorPage ui={uiOf(c)} kind={kind} />, status);
}
