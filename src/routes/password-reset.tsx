/**
 * "Forgot your password?": /password-reset asks for an address and always gives the same answer;
 * the emailed link (/password-reset/<token>, one hour, once) sets a new password, ends every
 * session of the account and signs this browser in.
 */

import type { Context } from 'hono';
import { Hono } from 'hono';
import { z } from 'zod';
import { LinkProblemPage, NewPasswordPage, ResetRequestPage, ResetSentPage } from '../../views/password-reset';
import { hashPassword, MIN_PASSWORD_LENGTH } from '../auth/password';
import { countAttempts } from '../auth/rate-limit';
import { startSession, writeSessionCookie } from '../auth/session';
import { HOUR_MS, hashToken, issueToken, linkToken } from '../auth/tokens';
import {
  passwordResetRequest,
  type Recipient,
  type ResetUser,
  resetPasswordStatements,
  resetTokenRead,
  resetTokenUser,
  type TokenState,
  withinLimit,
} from '../data/accounts';
import { normalizeEmail } from '../data/users';
import { afterWrites, nothing, readAll, runRead } from '../db';
import type { AppEnv } from '../env';
import { load, setLanguageCookie } from '../http/context';
import { render } from '../http/render';
import { type Dictionary, dictionaries } from '../i18n';
import { composeMail } from '../mail/compose';
import { sendMail } from '../mail/send';
import { adminUrl, learningUrl, passwordResetUrl } from '../urls';
import { echoed, fieldErrors, readForm } from './validation';

export const passwordResetRoutes = new Hono<AppEnv>();

export const RESET_LIFETIME_MS = HOUR_MS;
/** As sign-up (src/routes/auth.tsx). */
const MAX_EMAIL_LENGTH = 254;
const MAX_PASSWORD_LENGTH = 200;

const requestSchema = (t: Dictionary) =>
  z.object({
    email: z.string(t.errors.invalidEmail).trim().email(t.errors.invalidEmail).max(MAX_EMAIL_LENGTH, t.errors.invalidEmail),
  });

/** A new password and its confirmation, with sign-up's rules; used by the account page too. */
export const newPasswordSchema = (t: Dictionary) =>
  z
    .object({
      password: z
        .string(t.errors.passwordTooShort(MIN_PASSWORD_LENGTH))
        .min(MIN_PASSWORD_LENGTH, t.errors.passwordTooShort(MIN_PASSWORD_LENGTH))
        .max(MAX_PASSWORD_LENGTH, t.errors.passwordTooLong),
      confirm: z.string(t.account.passwordsDiffer),
    })
    .refine((v) => v.password === v.confirm, { message: t.account.passwordsDiffer, path: ['confirm'] });

// One round trip: the region's settings (its name) and the session, if any.
passwordResetRoutes.get('/password-reset', async (c) => {
  await load(c, nothing);
  return render(c, <ResetRequestPage ui={c.var.ui} errors={{}} />);
});

/**
 * One round trip: the attempt is counted (per address and per client), the token stored when an
 * account that may sign in has this address and the limit allows, and the recipient read back,
 * in one batch. The token is made and the batch run whether or not the account exists, and the
 * message is sent after the answer (waitUntil), so neither the page, its status nor its timing
 * tells who has an account.
 */
passwordResetRoutes.post('/password-reset', async (c) => {
  const { t, db, now } = c.var;
  const form = await readForm(c.req);
  const email = echoed(form.email, MAX_EMAIL_LENGTH);
  const parsed = requestSchema(t).safeParse(form);
  if (!parsed.success) return render(c, <ResetRequestPage ui={c.var.ui} email={email} errors={fieldErrors(parsed.error)} />, 422);
  const client = c.req.header('CF-Connecting-IP') ?? 'local';
  const keys = [`reset-email:${normalizeEmail(parsed.data.email)}`, `reset-ip:${client}`];
  const attempts = await countAttempts(c.env, keys, now);
  const token = await issueToken(RESET_LIFETIME_MS, now);
  const request = passwordResetRequest(parsed.data.email, token, now, withinLimit(attempts, keys));
  const { allowed, recipient } = await runRead(db, readAll({ allowed: attempts, recipient: request }));
  if (!allowed) return render(c, <ResetRequestPage ui={c.var.ui} email={email} errors={{ form: t.account.resetTooMany }} />, 429);
  if (recipient) c.executionCtx.waitUntil(sendMail(c.env, resetMail(c, recipient, token.token)));
  return c.redirect(`${passwordResetUrl()}/sent`, 303);
});

passwordResetRoutes.get('/password-reset/sent', async (c) => {
  await load(c, nothing);
  return render(c, <ResetSentPage ui={c.var.ui} />);
});

passwordResetRoutes.get('/password-reset/:token', async (c) => {
  const token = linkToken.safeParse(c.req.param('token'));
  if (!token.success) return linkProblem(c, 'unknown');
  const { value: state } = await load(c, resetTokenRead(await hashToken(token.data), c.var.now));
  if (state !== 'valid') return linkProblem(c, state);
  return render(c, <NewPasswordPage ui={c.var.ui} token={token.data} errors={{}} />);
});

/**
 * One round trip: the password is hashed first (no stored hash to check against), then one batch
 * sets it, ends every session of the account, starts this browser's and marks the link used.
 */
passwordResetRoutes.post('/password-reset/:token', async (c) => {
  const { t, db, now, session } = c.var;
  const token = linkToken.safeParse(c.req.param('token'));
  if (!token.success) return linkProblem(c, 'unknown');
  const hash = await hashToken(token.data);
  const parsed = newPasswordSchema(t).safeParse(await readForm(c.req));
  if (!parsed.success) {
    const { value: state } = await load(c, resetTokenRead(hash, now));
    if (state !== 'valid') return linkProblem(c, state);
    return render(c, <NewPasswordPage ui={c.var.ui} token={token.data} errors={fieldErrors(parsed.error)} />, 422);
  }
  const passwordHash = await hashPassword(parsed.data.password);
  const userId = resetTokenUser(hash, now);
  const started = await startSession(userId, session, now);
  const { written, value: state } = await runRead(
    db,
    afterWrites(resetPasswordStatements(userId, now, passwordHash, started.statements), resetTokenRead(hash, now)),
  );
  const [user] = written[0] as ResetUser[];
  if (!user) return linkProblem(c, state === 'valid' ? 'expired' : state);
  writeSessionCookie(c, started.token, started.expiresAt);
  if (user.preferredLanguage) setLanguageCookie(c, user.preferredLanguage);
  return c.redirect(user.role === 'admin' ? adminUrl() : learningUrl(), 303);
});

/** 404 for a link we never made, 410 for one that expired or was used: both say what to do. */
function linkProblem(c: Context<AppEnv>, state: Exclude<TokenState, 'valid'>) {
  const again = { url: passwordResetUrl(), label: c.var.t.account.askAgain };
  return c.html(<LinkProblemPage ui={c.var.ui} state={state} again={again} />, state === 'unknown' ? 404 : 410);
}

/** In the account's language, else the language of the page that asked. */
function resetMail(c: Context<AppEnv>, recipient: Recipient, token: string) {
  const lang = recipient.preferredLanguage ?? c.var.lang;
  const t = dictionaries[lang];
  const site = c.var.settings.siteName;
  return composeMail({
    to: recipient.email,
    lang,
    subject: t.account.mail.resetSubject(site),
    greeting: t.mail.greeting(recipient.name),
    paragraphs: [t.account.mail.reset],
    action: { label: t.account.mail.resetAction, url: new URL(c.req.url).origin + passwordResetUrl(token) },
    notes: t.account.mail.resetNotes,
    signature: t.mail.signature(site),
  });
}
