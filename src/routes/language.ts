import { Hono } from 'hono';
import { setCookie } from 'hono/cookie';
import { z } from 'zod';
import { setPreferredLanguage } from '../data/users';
import type { AppEnv } from '../env';
import { LANGUAGE_COOKIE, renderError } from '../middleware';
import { languageField, localPath, readForm } from './validation';

export const languageRoutes = new Hono<AppEnv>();

const schema = z.object({ lang: languageField, next: localPath.catch('/courses') });

/** Switches the UI and content language: stored on the account, and in a cookie for visitors. */
languageRoutes.post('/language', async (c) => {
  const parsed = schema.safeParse(await readForm(c.req));
  if (!parsed.success) return renderError(c, 'badRequest', 400);
  const { lang, next } = parsed.data;
  if (c.var.user) await setPreferredLanguage(c.var.db, c.var.user.id, lang);
  setCookie(c, LANGUAGE_COOKIE, lang, { path: '/', sameSite: 'Lax', secure: true, maxAge: 365 * 24 * 3600 });
  return c.redirect(next, 303);
});
