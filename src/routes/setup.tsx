/**
 * /setup: a new region's first admin. The page exists only while SETUP_TOKEN is set and no admin
 * exists (404 otherwise: there is nothing to set up); the secret is checked in src/auth/setup-token.ts.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { SetupPage } from '../../views/setup';
import { hashPassword, MIN_PASSWORD_LENGTH } from '../auth/password';
import { allowSignInAttempt } from '../auth/rate-limit';
import { startSession, writeSessionCookie } from '../auth/session';
import { isSetupToken } from '../auth/setup-token';
import { adminExistsRead, insertFirstAdmin } from '../data/setup';
import { batchRows } from '../db';
import type { AppEnv } from '../env';
import { load } from '../http/context';
import { render, renderError } from '../http/render';
import type { Dictionary } from '../i18n';
import { adminUrl } from '../urls';
import { echoed, fieldErrors, readForm } from './validation';

export const setupRoutes = new Hono<AppEnv>();

const setupSchema = (t: Dictionary) =>
  z.object({
    token: z.string(t.setup.tokenRequired).trim().min(1, t.setup.tokenRequired).max(200, t.setup.tokenWrong),
    name: z.string(t.errors.nameRequired).trim().min(1, t.errors.nameRequired).max(120, t.errors.nameRequired),
    email: z.string(t.errors.invalidEmail).trim().email(t.errors.invalidEmail).max(254, t.errors.invalidEmail),
    password: z
      .string(t.errors.passwordTooShort(MIN_PASSWORD_LENGTH))
      .min(MIN_PASSWORD_LENGTH, t.errors.passwordTooShort(MIN_PASSWORD_LENGTH))
      .max(200, t.errors.passwordTooLong),
  });

setupRoutes.get('/', async (c) => {
  if (!c.env.SETUP_TOKEN || (await load(c, adminExistsRead)).value) return renderError(c, 'notFound', 404);
  return render(c, <SetupPage ui={c.var.ui} values={{}} errors={{}} />);
});

/**
 * Two round trips at most: the attempt is counted (none with the rate-limit binding), then the
 * admin and their session are written in one batch that refuses if an admin exists by then.
 */
setupRoutes.post('/', async (c) => {
  const { t, db, lang, session } = c.var;
  if (!c.env.SETUP_TOKEN) return renderError(c, 'notFound', 404);
  const form = await readForm(c.req);
  const values = { name: echoed(form.name, 120), email: echoed(form.email, 254) };
  const parsed = setupSchema(t).safeParse(form);
  if (!parsed.success) return render(c, <SetupPage ui={c.var.ui} values={values} errors={fieldErrors(parsed.error)} />, 422);
  const client = c.req.header('CF-Connecting-IP') ?? 'local';
  if (!(await allowSignInAttempt(c.env, db, [`setup-ip:${client}`]))) {
    return render(c, <SetupPage ui={c.var.ui} values={values} errors={{ form: t.auth.tooMany }} />, 429);
  }
  if (!(await isSetupToken(parsed.data.token, c.env.SETUP_TOKEN))) {
    return render(c, <SetupPage ui={c.var.ui} values={values} errors={{ token: t.setup.tokenWrong }} />, 403);
  }
  const admin = insertFirstAdmin({ ...parsed.data, passwordHash: await hashPassword(parsed.data.password), language: lang });
  const started = await startSession(admin.id, session);
  const [created] = await batchRows<unknown[][]>(db, [admin.statement, ...started.statements]);
  if (!created?.length) return renderError(c, 'notFound', 404);
  writeSessionCookie(c, started.token, started.expiresAt);
  return c.redirect(adminUrl(), 303);
});
