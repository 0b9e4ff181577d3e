/**
 * Accepting an invitation: /invitations/<token>, for anyone with the link, also where sign-up is
 * closed. A pending invitation to an address without an account asks for a name and a password
 * and creates the account; to an address with one, it asks that account to sign in and accept.
 * Each page and each write is one D1 batch; creating an account hashes the password first, after
 * the sign-up throttle (src/auth/rate-limit.ts). Security notes (hashed tokens, single use) are in
 * src/data/invitations.ts.
 */
import type { SQL } from 'drizzle-orm';
import { type Context, Hono } from 'hono';
import { z } from 'zod';
import { type AcceptErrors, InvitationGonePage, InvitationPage, WelcomePage } from '../../views/invitations';
import { hashPassword, MIN_PASSWORD_LENGTH } from '../auth/password';
import { allowSignUpAttempt } from '../auth/rate-limit';
import { hashSessionToken, startSession, writeSessionCookie } from '../auth/session';
import { acceptAsMember, acceptedSeat, acceptWithNewAccount, type Invitation, invitationRead, type Seat } from '../data/invitations';
import { declineProfileStatement, saveProfileStatement } from '../data/profiles';
import type { AppEnv } from '../env';
import { load, setLanguageCookie } from '../http/context';
import { params, requireUser, signedIn } from '../http/guards';
import { render, renderError } from '../http/render';
import type { Dictionary } from '../i18n';
import { MAX_NAME_LENGTH } from '../invitation-list';
import { courseUrl, invitationUrl, learningUrl } from '../urls';
import { type ProfileChoice, readProfileChoice } from './profile-form';
import { echoed, fieldErrors, readForm } from './validation';

export const invitationRoutes = new Hono<AppEnv>();

const MAX_PASSWORD_LENGTH = 200;

/** The token as generateSessionToken makes it (160 bits, base32): anything else is a 404. */
const tokenParams = params(z.object({ token: z.string().regex(/^[a-z2-7]{32}$/) }));

const accountSchema = (t: Dictionary) =>
  z
    .object({
      name: z.string(t.errors.nameRequired).trim().min(1, t.errors.nameRequired).max(MAX_NAME_LENGTH, t.errors.nameRequired),
      password: z
        .string(t.errors.passwordTooShort(MIN_PASSWORD_LENGTH))
        .min(MIN_PASSWORD_LENGTH, t.errors.passwordTooShort(MIN_PASSWORD_LENGTH))
        .max(MAX_PASSWORD_LENGTH, t.errors.passwordTooLong),
      confirm: z.string(t.invitations.accept.mismatch),
    })
    .refine((v) => v.password === v.confirm, { path: ['confirm'], message: t.invitations.accept.mismatch });

/** The page for an invitation in whatever state it is: 404 unknown, 410 expired or withdrawn. */
function showInvitation(c: Context<AppEnv>, invitation: Invitation | null, token: string, status: 200 | 403 | 422 = 200) {
  if (!invitation) return renderError(c, 'notFound', 404);
  const { ui } = c.var;
  if (invitation.state === 'expired' || invitation.state === 'revoked')
    return c.html(<InvitationGonePage ui={ui} invitation={invitation} token={token} />, 410);
  if (invitation.state === 'accepted') {
    if (invitation.acceptedByMe) return render(c, <WelcomePage ui={ui} invitation={invitation} />);
    return render(c, <InvitationGonePage ui={ui} invitation={invitation} token={token} />);
  }
  return render(c, <InvitationPage ui={ui} invitation={invitation} token={token} />, status);
}

/** The participant profile's statements for `user`, after the acceptance's (indexes stay put). */
function profileWrites(choice: ProfileChoice, user: SQL, now: number): SQL[] {
  if (choice.kind === 'save') return [saveProfileStatement(user, choice.answers, now)];
  if (choice.kind === 'decline') return [declineProfileStatement(user, now)];
  return [];
}

/** Where an accepted invitation lands: the course (enrolled), the welcome page (waiting), else My learning. */
function landing(invitation: Invitation | null, seat: Seat, token: string) {
  if (seat === 'waiting') return invitationUrl(token);
  if (seat === 'enrolled' && invitation?.courseSlug && invitation.coursePublished) return courseUrl(invitation.courseSlug);
  if (invitation?.cohortId && !seat) return invitationUrl(token);
  return learningUrl();
}

invitationRoutes.get('/:token', tokenParams, async (c) => {
  const { token } = c.req.valid('param');
  const { now, me, lang } = c.var;
  const { value } = await load(c, invitationRead(await hashSessionToken(token), now, me, lang));
  return showInvitation(c, value, token);
});

/**
 * A new account from the invitation. The password is hashed before the batch (it cannot be hashed
 * inside it); the batch then creates the account, accepts the invitation, takes the seat, starts
 * the session and reads the invitation back: one round trip. When the batch wrote nothing (the
 * invitation is no longer pending, or the email got an account meanwhile), the page says why.
 *
 * The token is checked only in that batch, so any well-formed token would cost us a PBKDF2 hash:
 * account creation is throttled per client address first, on the sign-up counter. With the
 * production binding the check costs no round trip; with the local D1 counter it costs one.
 */
invitationRoutes.post('/:token', tokenParams, async (c) => {
  const { token } = c.req.valid('param');
  const { t, now, me, lang, session } = c.var;
  const tokenHash = await hashSessionToken(token);
  const form = await readForm(c.req);
  const parsed = accountSchema(t).safeParse(form);
  const choice = readProfileChoice(form, t, now);
  if (!parsed.success || choice.kind === 'invalid') {
    const { value: invitation } = await load(c, invitationRead(tokenHash, now, me, lang));
    if (invitation?.state !== 'pending' || invitation.accountExists) return showInvitation(c, invitation, token);
    const errors = parsed.success ? {} : fieldErrors<keyof AcceptErrors>(parsed.error);
    return render(
      c,
      <InvitationPage
        ui={c.var.ui}
        invitation={invitation}
        token={token}
        values={{ name: echoed(form.name, MAX_NAME_LENGTH) }}
        errors={errors}
        profile={choice.kind === 'invalid' ? choice : {}}
      />,
      422,
    );
  }
  if (!(await allowSignUpAttempt(c.env, c.var.db, c.req.header('CF-Connecting-IP') ?? 'local', now))) {
    const { value: invitation } = await load(c, invitationRead(tokenHash, now, me, lang));
    if (invitation?.state !== 'pending' || invitation.accountExists) return showInvitation(c, invitation, token);
    const values = { name: echoed(form.name, MAX_NAME_LENGTH) };
    return render(
      c,
      <InvitationPage ui={c.var.ui} invitation={invitation} token={token} values={values} errors={{ form: t.auth.tooManySignUps }} />,
      429,
    );
  }
  const passwordHash = await hashPassword(parsed.data.password);
  const accept = acceptWithNewAccount(tokenHash, { name: parsed.data.name, passwordHash }, now);
  const started = await startSession(accept.userId, session, now);
  // The read after the writes sees the invitation as its new account does.
  const { value: invitation, written } = await load(c, invitationRead(tokenHash, now, accept.userId, lang), [
    ...accept.statements,
    ...started.statements,
    ...profileWrites(choice, accept.userId, now),
  ]);
  const { accepted, seat } = acceptedSeat(written, 1);
  // Nothing written: an account with this email exists by now (422, the page asks to sign in), or the invitation is used up.
  if (!accepted || !invitation) return showInvitation(c, invitation, token, 422);
  writeSessionCookie(c, started.token, started.expiresAt);
  setLanguageCookie(c, invitation.language);
  return c.redirect(landing(invitation, seat, token), 303);
});

/** Accepting as the signed-in account of the invited address. */
invitationRoutes.post('/:token/accept', requireUser, tokenParams, async (c) => {
  const { token } = c.req.valid('param');
  const { now, me, lang } = c.var;
  const tokenHash = await hashSessionToken(token);
  const form = await readForm(c.req);
  const choice = readProfileChoice(form, c.var.t, now);
  const writes = choice.kind === 'invalid' ? [] : [...acceptAsMember(tokenHash, me, now), ...profileWrites(choice, me, now)];
  const page = await signedIn(c, invitationRead(tokenHash, now, me, lang), { writes });
  if (page instanceof Response) return page;
  if (choice.kind === 'invalid') {
    if (page.value?.state !== 'pending') return showInvitation(c, page.value, token);
    return render(c, <InvitationPage ui={c.var.ui} invitation={page.value} token={token} profile={choice} />, 422);
  }
  const { accepted, seat } = acceptedSeat(page.written, 0);
  const invitation = page.value;
  if (accepted) return c.redirect(landing(invitation, seat, token), 303);
  // Someone else's invitation: the page explains and offers sign-out.
  if (invitation?.state === 'pending') return showInvitation(c, invitation, token, 403);
  return showInvitation(c, invitation, token);
});
