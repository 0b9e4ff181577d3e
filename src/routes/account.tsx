/**
 * /account: the signed-in person's profile (name, language), email change, password change and
 * sessions. Every page and write is one batch, except the two that check the current password
 * (email and password change): like sign-in, the stored hash is read with the session in one
 * batch, checked here, and only then is the change written in a second.
 *
 * The email change link (/account/email/<token>) works without being signed in: the token proves
 * the new mailbox, and the change was already authorised by the session and the password when it
 * was asked for. Asking for sign-in again would only get in the way on the phone where the
 * message is read. Opening the link shows a button; a mail scanner fetching it changes nothing.
 */

import type { Context } from 'hono';
import { Hono } from 'hono';
import { z } from 'zod';
import {
  ACCOUNT_NOTICES,
  AccountPage,
  ConfirmEmailPage,
  EmailChangedPage,
  type FormState,
  type ParticipantState,
} from '../../views/account';
import { LinkProblemPage } from '../../views/password-reset';
import { hashPassword, verifyPassword } from '../auth/password';
import { countAttempts } from '../auth/rate-limit';
import { clearSessionCookie, type SessionUser } from '../auth/session';
import { HOUR_MS, hashToken, issueToken, linkToken } from '../auth/tokens';
import {
  accountRead,
  changePasswordStatements,
  confirmEmailChangeStatements,
  emailChangeTokenRead,
  emailTakenRead,
  endAllSessions,
  endOtherSessions,
  passwordHashRead,
  requestEmailChangeStatements,
  type TokenState,
  updateProfile,
} from '../data/accounts';
import { saveProfileStatement, withdrawProfileStatements } from '../data/profiles';
import { LANGUAGES } from '../data/schema';
import { normalizeEmail } from '../data/users';
import { batchRows, nothing, type Read, readAll } from '../db';
import type { AppEnv } from '../env';
import { load, setLanguageCookie } from '../http/context';
import { requireUser, signedIn } from '../http/guards';
import { render } from '../http/render';
import { type Dictionary, dictionaries } from '../i18n';
import { composeMail } from '../mail/compose';
import { sendMail } from '../mail/send';
import { accountUrl, confirmEmailUrl, signInUrl } from '../urls';
import { newPasswordSchema } from './password-reset';
import { profileSchema as participantSchema, typedProfile } from './profile-form';
import { echoed, fieldErrors, readForm } from './validation';

export const accountRoutes = new Hono<AppEnv>();

export const EMAIL_CHANGE_LIFETIME_MS = 24 * HOUR_MS;
const MAX_NAME_LENGTH = 120;
const MAX_EMAIL_LENGTH = 254;
const MAX_PASSWORD_LENGTH = 200;

const profileSchema = (t: Dictionary) =>
  z.object({
    name: z.string(t.errors.nameRequired).trim().min(1, t.errors.nameRequired).max(MAX_NAME_LENGTH, t.errors.nameRequired),
    language: z.enum(LANGUAGES, t.account.languageInvalid),
  });

const currentPassword = (t: Dictionary) =>
  z.string(t.account.wrongPassword).min(1, t.account.wrongPassword).max(MAX_PASSWORD_LENGTH, t.account.wrongPassword);

const emailSchema = (t: Dictionary) =>
  z.object({
    email: z.string(t.errors.invalidEmail).trim().email(t.errors.invalidEmail).max(MAX_EMAIL_LENGTH, t.errors.invalidEmail),
    password: currentPassword(t),
  });

const passwordSchema = (t: Dictionary) => z.object({ current: currentPassword(t) }).and(newPasswordSchema(t));

const doneQuery = z.object({ done: z.enum(ACCOUNT_NOTICES).optional().catch(undefined) });

/** The presented session's id (requireUser let only requests with one through). */
const sessionId = (c: Context<AppEnv>) => c.var.session?.id ?? '';

/** The account page's read for the signed-in user of this request. */
const pageRead = (c: Context<AppEnv>) => accountRead(c.var.me, sessionId(c), c.var.now);

/** The account page again with one form's typed values and errors, 422: one round trip. */
async function renderForm(
  c: Context<AppEnv>,
  forms: { profile?: FormState; email?: FormState; password?: FormState; participant?: ParticipantState },
) {
  const loaded = await signedIn(c, pageRead(c));
  if (loaded instanceof Response) return loaded;
  return render(c, <AccountPage ui={c.var.ui} user={loaded.user} data={loaded.value} {...forms} />, 422);
}

accountRoutes.get('/', requireUser, async (c) => {
  const loaded = await signedIn(c, pageRead(c));
  if (loaded instanceof Response) return loaded;
  const { done } = doneQuery.parse(c.req.query());
  return render(c, <AccountPage ui={c.var.ui} user={loaded.user} data={loaded.value} notice={done} />);
});

accountRoutes.post('/profile', requireUser, async (c) => {
  const form = await readForm(c.req);
  const parsed = profileSchema(c.var.t).safeParse(form);
  if (!parsed.success) {
    const values = { name: echoed(form.name, MAX_NAME_LENGTH), language: echoed(form.language, 2) };
    return renderForm(c, { profile: { values, errors: fieldErrors(parsed.error) } });
  }
  const { name, language } = parsed.data;
  const saved = await signedIn(c, nothing, { writes: [updateProfile(c.var.me, name, language)] });
  if (saved instanceof Response) return saved;
  setLanguageCookie(c, language);
  return c.redirect(accountUrl('profile'), 303);
});

/**
 * The participant profile (src/data/profiles.ts): saved with consent, or withdrawn. Shown here
 * whether or not the region asks for it at enrolment, so that it can always be seen and deleted.
 */
accountRoutes.post('/participant-profile', requireUser, async (c) => {
  const { t, now, me } = c.var;
  const form = await readForm(c.req);
  const parsed = participantSchema(t, now).safeParse(form);
  if (!parsed.success) return renderForm(c, { participant: { values: typedProfile(form), errors: fieldErrors(parsed.error) } });
  const saved = await signedIn(c, nothing, { writes: [saveProfileStatement(me, parsed.data, now)] });
  if (saved instanceof Response) return saved;
  return c.redirect(accountUrl('participant-profile'), 303);
});

/** Deletes every answer and consent; only the remembered "no" stays, so enrolling does not ask again. */
accountRoutes.post('/participant-profile/withdraw', requireUser, async (c) => {
  const done = await signedIn(c, nothing, { writes: withdrawProfileStatements(c.var.me, c.var.now) });
  if (done instanceof Response) return done;
  return c.redirect(accountUrl('participant-profile-withdrawn'), 303);
});

/**
 * Two round trips: the current password must be checked against the stored hash (read with the
 * session, the attempt count and whether the address is taken) before the token is written.
 * The messages go after the second batch committed.
 */
accountRoutes.post('/email', requireUser, async (c) => {
  const { t, now } = c.var;
  const form = await readForm(c.req);
  const values = { email: echoed(form.email, MAX_EMAIL_LENGTH) };
  const parsed = emailSchema(t).safeParse(form);
  if (!parsed.success) return renderForm(c, { email: { values, errors: fieldErrors(parsed.error) } });
  const { email, password } = parsed.data;
  const checked = await checkPassword(c, password, emailTakenRead(email));
  if (checked instanceof Response) return checked;
  const { user, data, extra: taken } = checked;
  const fail = (message: string, field: 'email' | 'password' = 'email', status: 422 | 429 = 422) =>
    render(c, <AccountPage ui={c.var.ui} user={user} data={data} email={{ values, errors: { [field]: message } }} />, status);
  if (checked.refused) return fail(checked.refused.message, 'password', checked.refused.status);
  // Only after the password: whether an address is taken is told to the account's owner only.
  if (normalizeEmail(email) === user.email) return fail(t.account.emailSame);
  if (taken) return fail(t.account.emailTaken);
  const token = await issueToken(EMAIL_CHANGE_LIFETIME_MS, now);
  const [inserted] = await batchRows<unknown[][]>(c.var.db, requestEmailChangeStatements(c.var.me, email, token, now));
  if (!inserted?.length) return fail(t.account.emailTaken);
  const sent = await sendMail(c.env, changeMail(c, user, normalizeEmail(email), token.token));
  // The old address hears of it too, so a change made from a stolen session does not go unseen.
  await sendMail(c.env, noticeMail(c, user, normalizeEmail(email)));
  return c.redirect(accountUrl(sent.ok ? 'email-sent' : 'email-not-sent'), 303);
});

/** Two round trips, like the email change: the current password is checked between them. */
accountRoutes.post('/password', requireUser, async (c) => {
  const { t, now } = c.var;
  const parsed = passwordSchema(t).safeParse(await readForm(c.req));
  if (!parsed.success) return renderForm(c, { password: { errors: fieldErrors(parsed.error) } });
  const checked = await checkPassword(c, parsed.data.current, nothing);
  if (checked instanceof Response) return checked;
  if (checked.refused) {
    return render(
      c,
      <AccountPage ui={c.var.ui} user={checked.user} data={checked.data} password={{ errors: { current: checked.refused.message } }} />,
      checked.refused.status,
    );
  }
  const passwordHash = await hashPassword(parsed.data.password);
  await batchRows(c.var.db, changePasswordStatements(c.var.me, sessionId(c), passwordHash, now));
  return c.redirect(accountUrl('password'), 303);
});

accountRoutes.post('/sessions/others', requireUser, async (c) => {
  const done = await signedIn(c, nothing, { writes: [endOtherSessions(c.var.me, sessionId(c))] });
  if (done instanceof Response) return done;
  return c.redirect(accountUrl('sessions'), 303);
});

/** Ends this session too (`me` is found before any row goes), so the browser goes to sign-in. */
accountRoutes.post('/sessions/all', requireUser, async (c) => {
  const done = await signedIn(c, nothing, { writes: [endAllSessions(c.var.me)] });
  if (done instanceof Response) return done;
  clearSessionCookie(c);
  return c.redirect(signInUrl(), 303);
});

accountRoutes.get('/email/changed', (c) => render(c, <EmailChangedPage ui={c.var.ui} />));

accountRoutes.get('/email/:token', async (c) => {
  const token = linkToken.safeParse(c.req.param('token'));
  if (!token.success) return linkProblem(c, 'unknown');
  const { value: link } = await load(c, emailChangeTokenRead(await hashToken(token.data), c.var.now));
  if (link.state !== 'valid') return linkProblem(c, link.state);
  if (link.taken || !link.newEmail) return linkProblem(c, 'taken');
  return render(c, <ConfirmEmailPage ui={c.var.ui} token={token.data} newEmail={link.newEmail} />);
});

/** One round trip: the change, and the link's state for the page when it did not happen. */
accountRoutes.post('/email/:token', async (c) => {
  const token = linkToken.safeParse(c.req.param('token'));
  if (!token.success) return linkProblem(c, 'unknown');
  const hash = await hashToken(token.data);
  const { written, value: link } = await load(c, emailChangeTokenRead(hash, c.var.now), confirmEmailChangeStatements(hash, c.var.now));
  if (written[0]?.length) return c.redirect(`${confirmEmailUrl('changed')}`, 303);
  if (link.state !== 'valid') return linkProblem(c, link.state);
  return linkProblem(c, 'taken');
});

/**
 * The current password checked against the stored hash, read with the session, the account page
 * and `extra` in one batch; attempts are counted per session, so a stolen session cannot guess
 * the password by volume. `refused`: why not (429 over the limit, 422 a wrong password).
 */
async function checkPassword<T>(c: Context<AppEnv>, password: string, extra: Read<T>) {
  const attempts = await countAttempts(c.env, [`account-password:${sessionId(c)}`], c.var.now);
  const loaded = await signedIn(c, readAll({ data: pageRead(c), hash: passwordHashRead(c.var.me), extra, allowed: attempts }));
  if (loaded instanceof Response) return loaded;
  const { data, hash, allowed } = loaded.value;
  const ok = allowed && hash !== null && (await verifyPassword(password, hash));
  const { t } = c.var;
  const refused = !allowed
    ? { message: t.account.tooManyChecks, status: 429 as const }
    : ok
      ? null
      : { message: t.account.wrongPassword, status: 422 as const };
  return { user: loaded.user, data, extra: loaded.value.extra, refused };
}

/** 404 for a link we never made, 410 for one that expired or was used, 409 for a taken address. */
function linkProblem(c: Context<AppEnv>, state: Exclude<TokenState, 'valid'> | 'taken') {
  const again = { url: accountUrl(), label: c.var.t.account.toAccount };
  const status = { unknown: 404, expired: 410, used: 410, taken: 409 } as const;
  return c.html(<LinkProblemPage ui={c.var.ui} state={state} again={again} />, status[state]);
}

function changeMail(c: Context<AppEnv>, user: SessionUser, newEmail: string, token: string) {
  const { t, lang, site } = mailContext(c, user);
  return composeMail({
    to: newEmail,
    lang,
    subject: t.account.mail.changeSubject(site),
    greeting: t.mail.greeting(user.name),
    paragraphs: [t.account.mail.change],
    action: { label: t.account.mail.changeAction, url: new URL(c.req.url).origin + confirmEmailUrl(token) },
    notes: t.account.mail.changeNotes,
    signature: t.mail.signature(site),
  });
}

function noticeMail(c: Context<AppEnv>, user: SessionUser, newEmail: string) {
  const { t, lang, site } = mailContext(c, user);
  return composeMail({
    to: user.email,
    lang,
    subject: t.account.mail.noticeSubject(site),
    greeting: t.mail.greeting(user.name),
    paragraphs: [t.account.mail.notice(newEmail)],
    action: { label: t.account.mail.noticeAction, url: new URL(c.req.url).origin + accountUrl() },
    notes: t.account.mail.noticeNotes,
    signature: t.mail.signature(site),
  });
}

/** Messages go in the account's language, else the language of the page that asked. */
function mailContext(c: Context<AppEnv>, user: SessionUser) {
  const lang = user.preferredLanguage ?? c.var.lang;
  return { t: dictionaries[lang], lang, site: c.var.settings.siteName };
}
