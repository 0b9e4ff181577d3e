import { Hono } from 'hono';
import { z } from 'zod';
import { hashPassword, MIN_PASSWORD_LENGTH, spendPasswordCheckTime, verifyPassword } from '../auth/password';
import { allowSignInAttempt } from '../auth/rate-limit';
import { clearSessionCookie, createSession, invalidateSession, readSessionCookie, writeSessionCookie } from '../auth/session';
import { createUser, findUserByEmail, normalizeEmail } from '../data/users';
import type { AppEnv } from '../env';
import type { Dictionary } from '../i18n';
import { render } from '../middleware';
import { SignInPage, SignUpPage } from '../../views/auth';
import { uiOf } from '../../views/context';
import { fieldErrors, localPath, readForm } from './validation';

export const authRoutes = new Hono<AppEnv>();

const MAX_PASSWORD_LENGTH = 200;

// `z.string(message)`: a missing or repeated field gets its own message, not zod's English default.
const signInSchema = (t: Dictionary) =>
  z.object({
    email: z.string(t.errors.invalidEmail).trim().email(t.errors.invalidEmail).max(254, t.errors.invalidEmail),
    password: z.string(t.auth.wrongCredentials).min(1, t.auth.wrongCredentials).max(MAX_PASSWORD_LENGTH, t.errors.passwordTooLong),
    next: localPath.optional().catch(undefined),
  });

const signUpSchema = (t: Dictionary) =>
  z.object({
    name: z.string(t.errors.nameRequired).trim().min(1, t.errors.nameRequired).max(120, t.errors.nameRequired),
    email: z.string(t.errors.invalidEmail).trim().email(t.errors.invalidEmail).max(254, t.errors.invalidEmail),
    password: z
      .string(t.errors.passwordTooShort(MIN_PASSWORD_LENGTH))
      .min(MIN_PASSWORD_LENGTH, t.errors.passwordTooShort(MIN_PASSWORD_LENGTH))
      .max(MAX_PASSWORD_LENGTH, t.errors.passwordTooLong),
  });

const nextQuery = z.object({ next: localPath.optional().catch(undefined) });

authRoutes.get('/sign-in', (c) => {
  const { next } = nextQuery.parse(c.req.query());
  return render(c, <SignInPage ui={uiOf(c)} values={{ next }} errors={{}} />);
});

authRoutes.post('/sign-in', async (c) => {
  const { t, db } = c.var;
  const form = await readForm(c.req);
  const values = { email: String(form.email ?? ''), next: typeof form.next === 'string' ? form.next : undefined };
  const parsed = signInSchema(t).safeParse(form);
  if (!parsed.success) {
    return render(c, <SignInPage ui={uiOf(c)} values={values} errors={fieldErrors(parsed.error)} />, 422);
  }
  const { email, password, next } = parsed.data;
  const client = c.req.header('CF-Connecting-IP') ?? 'local';
  const allowed = await allowSignInAttempt(c.env, db, [`email:${normalizeEmail(email)}`, `ip:${client}`]);
  if (!allowed) {
    return render(c, <SignInPage ui={uiOf(c)} values={values} errors={{ form: t.auth.tooMany }} />, 429);
  }
  const user = await findUserByEmail(db, email);
  const ok = user ? await verifyPassword(password, user.passwordHash) : (await spendPasswordCheckTime(password), false);
  if (!user || !ok) {
    return render(c, <SignInPage ui={uiOf(c)} values={values} errors={{ form: t.auth.wrongCredentials }} />, 422);
  }
  const session = await createSession(db, user.id);
  writeSessionCookie(c, session.token, session.expiresAt);
  return c.redirect(next ?? (user.role === 'admin' ? '/admin' : '/learning'), 303);
});

authRoutes.get('/sign-up', (c) => {
  if (c.env.SIGNUP_OPEN !== 'true') {
    return render(c, <SignInPage ui={uiOf(c)} values={{}} errors={{ form: c.var.t.auth.signupClosed }} />, 403);
  }
  return render(c, <SignUpPage ui={uiOf(c)} values={{}} errors={{}} />);
});

authRoutes.post('/sign-up', async (c) => {
  const { t, db, lang } = c.var;
  if (c.env.SIGNUP_OPEN !== 'true') {
    return render(c, <SignInPage ui={uiOf(c)} values={{}} errors={{ form: t.auth.signupClosed }} />, 403);
  }
  const form = await readForm(c.req);
  const values = { email: String(form.email ?? ''), name: String(form.name ?? '') };
  const parsed = signUpSchema(t).safeParse(form);
  if (!parsed.success) {
    return render(c, <SignUpPage ui={uiOf(c)} values={values} errors={fieldErrors(parsed.error)} />, 422);
  }
  const userId = await createUser(db, {
    email: parsed.data.email,
    name: parsed.data.name,
    passwordHash: await hashPassword(parsed.data.password),
    preferredLanguage: lang,
  });
  if (userId === null) {
    return render(c, <SignUpPage ui={uiOf(c)} values={values} errors={{ email: t.auth.emailTaken }} />, 422);
  }
  const session = await createSession(db, userId);
  writeSessionCookie(c, session.token, session.expiresAt);
  return c.redirect('/courses', 303);
});

authRoutes.post('/sign-out', async (c) => {
  const token = readSessionCookie(c);
  if (token) await invalidateSession(c.var.db, token);
  clearSessionCookie(c);
  return c.redirect('/courses', 303);
});
