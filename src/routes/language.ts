import { Hono } from 'hono';
import { z } from 'zod';
import { setPreferredLanguage } from '../data/users';
import { nothing } from '../db';
import type { AppEnv } from '../env';
import { load, setLanguageCookie } from '../http/context';
import { renderError } from '../http/render';
import { catalogueUrl } from '../urls';
import { languageField, localPath, readForm } from './validation';

export const languageRoutes = new Hono<AppEnv>();

const schema = z.object({ lang: languageField, next: localPath.catch(catalogueUrl()) });

/**
 * Switches the UI and content language: in a cookie, which picks every page's language, and on
 * the account (a no-op for visitors), which puts it back in the cookie at the next sign-in.
 */
languageRoutes.post('/language', async (c) => {
  const parsed = schema.safeParse(await readForm(c.req));
  if (!parsed.success) return renderError(c, 'badRequest', 400);
  const { lang, next } = parsed.data;
  if (c.var.session) await load(c, nothing, [setPreferredLanguage(c.var.me, lang)]);
  setLanguageCookie(c, lang);
  return c.redirect(next, 303);
});
