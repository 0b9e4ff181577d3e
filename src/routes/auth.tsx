import { type Context, Hono } from 'hono';
import { z } from 'zod';
import { SignInPage, SignUpPage } from '../../views/auth';
import { hashPassword, MIN_PASSWORD_LENGTH, spendPasswordCheckTime, verifyPassword } from '../auth/password';
import { allowSignUpAttempt, countAttempts } from '../auth/rate-limit';
import { clearSessionCookie, endSession, startSession, writeSessionCookie } from '../auth/session';
import type { SiteSettings } from '../data/settings';
import { insertUser, normalizeEmail, userByEmailRead } from '../data/users';
import { batchRows, nothing, readAll, runRead } from '../db';
import type { AppEnv } from '../env';
import { load, setLanguageCookie } from '../http/context';
import { render } from '../http/render';
import type { Dictionary } from '../i18n';
import { adminUrl, catalogueUrl, learningUrl } from '../urls';
import { echoed, fieldErrors, localPath, MAX_PATH_LENGTH, readForm } from './validation';

export const authRoutes = new Hono<AppEnv>();

const MAX_PASSWORD_LENGTH = 200;
const MAX_EMAIL_LENGTH = 254;
const MAX_NAME_LENGTH = 120;

// `z.string(message)`: a missing or repeated field gets its own message, not zod's English default.
const signInSchema = (t: Dictionary) =>
  z.object({
    email: z.string(t.errors.invalidEmail).trim().email(t.errors.invalidEmail).max(MAX_EMAIL_LENGTH, t.errors.invalidEmail),
    password: z.string(t.auth.wrongCredentials).min(1, t.auth.wrongCredentials).max(MAX_PASSWORD_LENGTH, t.errors.passwordTooLong),
    next: localPath.optional().catch(undefined),
  });

const signUpSchema = (t: Dictionary) =>
  z.object({
    name: z.string(t.errors.nameRequired).trim().min(1, t.errors.nameRequired).max(MAX_NAME_LENGTH, t.errors.nameRequired),
    email: z.string(t.errors.invalidEmail).trim().email(t.errors.invalidEmail).max(MAX_EMAIL_LENGTH, t.errors.invalidEmail),
    password: z
      .string(t.errors.passwordTooShort(MIN_PASSWORD_LENGTH))
      .min(MIN_PASSWORD_LENGTH, t.errors.passwordTooShort(MIN_PASSWORD_LENGTH))
      .max(MAX_PASSWORD_LENGTH, t.errors.passwordTooLong),
  });

const nextQuery = z.object({ next: localPath.optional().catch(undefined) });

authRoutes.get('/sign-in', async (c) => {
  const { next } = nextQuery.parse(c.req.query());
  await load(c, nothing);
  return render(c, <SignInPage ui={c.var.ui} values={{ next }} errors={{}} />);
});

/**
 * Two round trips, the fewest possible: the attempt is counted and the account read in one batch,
 * the password is checked here (it needs the stored hash), then the session is started, replacing
 * the one the browser presented, in a second batch.
 */
authRoutes.post('/sign-in', async (c) => {
  const { t, db, session } = c.var;
  const form = await readForm(c.req);
  const values = { email: echoed(form.email, MAX_EMAIL_LENGTH), next: echoed(form.next, MAX_PATH_LENGTH) };
  const parsed = signInSchema(t).safeParse(form);
  if (!parsed.success) {
    return render(c, <SignInPage ui={c.var.ui} values={values} errors={fieldErrors(parsed.error)} />, 422);
  }
  const { email, password, next } = parsed.data;
  const client = c.req.header('CF-Connecting-IP') ?? 'local';
  const attempts = await countAttempts(c.env, [`email:${normalizeEmail(email)}`, `ip:${client}`]);
  const { allowed, user } = await runRead(db, readAll({ allowed: attempts, user: userByEmailRead(email) }));
  if (!allowed) {
    return render(c, <SignInPage ui={c.var.ui} values={values} errors={{ form: t.auth.tooMany }} />, 429);
  }
  // Without an account, hash anyway: the answer must take as long as a wrong password.
  const ok = user ? await verifyPassword(password, user.passwordHash) : await spendPasswordCheckTime(password);
  if (!user || !ok) {
    return render(c, <SignInPage ui={c.var.ui} values={values} errors={{ form: t.auth.wrongCredentials }} />, 422);
  }
  // Only now, with the password right: someone without it learns nothing about which accounts exist.
  if (user.deactivatedAt !== null) {
    return render(c, <SignInPage ui={c.var.ui} values={values} errors={{ form: t.auth.deactivated }} />, 403);
  }
  const started = await startSession(user.id, session);
  await batchRows(db, started.statements);
  writeSessionCookie(c, started.token, started.expiresAt);
  if (user.preferredLanguage) setLanguageCookie(c, user.preferredLanguage);
  return c.redirect(next ?? (user.role === 'admin' ? adminUrl() : learningUrl()), 303);
});

/** The region's sign-up policy (src/data/settings.ts), read by `load`: 'invitation' refuses everyone. */
const signUpClosed = (c: Context<AppEnv>) => c.var.settings.signupPolicy === 'invitation';

/** Under the 'domains' policy, only addresses at exactly a listed domain (not its subdomains). */
function domainAllowed(settings: SiteSettings, email: string) {
  if (settings.signupPolicy !== 'domains') return true;
  const domain = email.slice(email.lastIndexOf('@') + 1).toLowerCase();
  return settings.signupDomains.includes(domain);
}

authRoutes.get('/sign-up', async (c) => {
  await load(c, nothing);
  if (signUpClosed(c)) {
    return render(c, <SignInPage ui={c.var.ui} values={{}} errors={{ form: c.var.t.auth.signupClosed }} />, 403);
  }
  return render(c, <SignUpPage ui={c.var.ui} values={{}} errors={{}} />);
});

authRoutes.post('/sign-up', async (c) => {
  // One round trip for the settings (and the session), before anything costs time.
  await load(c, nothing);
  const { t, db, lang, session } = c.var;
  if (signUpClosed(c)) {
    return render(c, <SignInPage ui={c.var.ui} values={{}} errors={{ form: t.auth.signupClosed }} />, 403);
  }
  const form = await readForm(c.req);
  const values = { email: echoed(form.email, MAX_EMAIL_LENGTH), name: echoed(form.name, MAX_NAME_LENGTH) };
  const parsed = signUpSchema(t).safeParse(form);
  if (!parsed.success) {
    return render(c, <SignUpPage ui={c.var.ui} values={values} errors={fieldErrors(parsed.error)} />, 422);
  }
  if (!domainAllowed(c.var.settings, parsed.data.email)) {
    const message = t.settings.signupDomainRefused(c.var.settings.signupDomains.join(', '));
    return render(c, <SignUpPage ui={c.var.ui} values={values} errors={{ email: message }} />, 422);
  }
  // Before the password is hashed: a flood of sign-ups must cost us no PBKDF2 time.
  if (!(await allowSignUpAttempt(c.env, db, c.req.header('CF-Connecting-IP') ?? 'local'))) {
    return render(c, <SignUpPage ui={c.var.ui} values={values} errors={{ form: t.auth.tooManySignUps }} />, 429);
  }
  const account = insertUser({
    email: parsed.data.email,
    name: parsed.data.name,
    passwordHash: await hashPassword(parsed.data.password),
    preferredLanguage: lang,
  });
  const started = await startSession(account.id, session);
  const [created] = await batchRows<unknown[][]>(db, [account.statement, ...started.statements]);
  if (!created?.length) {
    return render(c, <SignUpPage ui={c.var.ui} values={values} errors={{ email: t.auth.emailTaken }} />, 422);
  }
  writeSessionCookie(c, started.token, started.expiresAt);
  return c.redirect(catalogueUrl(), 303);
});

authRoutes.post('/sign-out', async (c) => {
  if (c.var.session) await batchRows(c.var.db, [endSession(c.var.session)]);
  clearSessionCookie(c);
  return c.redirect(catalogueUrl(), 303);
});
