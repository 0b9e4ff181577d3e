import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { hashSessionToken, SESSION_COOKIE } from '../../src/auth/session';
import { hashToken } from '../../src/auth/tokens';
import { en } from '../../src/i18n/en';
import { pl } from '../../src/i18n/pl';
import {
  count,
  createAccount,
  EN,
  escaped,
  expectSignInRedirect,
  lastMailTo,
  linkIn,
  PASSWORD,
  request,
  roundTrips,
  signIn,
  tableCounts,
  tokenOf,
  trainerSession,
} from '../helpers';

const NEW_PASSWORD = 'a-brand-new-password';
const sessionsOf = (userId: number) => count('SELECT count(*) AS n FROM sessions WHERE user_id = ?', userId);
const sessionExists = async (cookie: string) =>
  (await count('SELECT count(*) AS n FROM sessions WHERE id = ?', await hashSessionToken(tokenOf(cookie)))) === 1;
const freshEmail = () => `new-${crypto.randomUUID().slice(0, 8)}@example.org`;
const userRow = (id: number) =>
  env.DB.prepare('SELECT email, name, preferred_language AS lang FROM users WHERE id = ?')
    .bind(id)
    .first<{ email: string; name: string; lang: string | null }>();

/** An email change asked for by a signed-in trainer; returns the confirmation link's path. */
async function askEmailChange() {
  const trainer = await trainerSession();
  const newEmail = freshEmail();
  const response = await request('/account/email', { form: { email: newEmail, password: PASSWORD }, cookie: trainer.cookie });
  expect(response.status).toBe(303);
  const path = linkIn((await lastMailTo(newEmail))!, '/account/email/');
  return { ...trainer, newEmail, path };
}

describe('GET /account', () => {
  it('shows the profile, the address and the sessions, marking this one, in one round trip', async () => {
    const trainer = await trainerSession();
    await signIn(trainer.email);
    const response = await request('/account', { cookie: trainer.cookie, headers: EN });
    expect(response.status).toBe(200);
    expect(roundTrips(response)).toBe(1);
    const html = await response.text();
    expect(html).toContain(escaped(en.account.nameHint));
    expect(html).toContain('value="Test Trainer"');
    expect(html).toContain(`<bdi>${trainer.email}</bdi>`);
    expect(html.match(new RegExp(`<strong>${en.account.thisDevice}</strong>`, 'g'))).toHaveLength(1);
    expect(html.match(new RegExp(en.account.otherDevice, 'g'))).toHaveLength(1);
    expect(html).toContain('action="/account/sessions/others"');
    expect(html).toContain('action="/account/sessions/all"');
    expect(html).toContain('<a href="/account/data">');
    expect(html).toContain('<strong><bdi>Test Trainer</bdi></strong>');
    // The header links here.
    expect(html).toContain(`<a href="/account">${en.account.navLink}</a>`);
  });

  it('is there for admins too', async () => {
    const admin = await trainerSession('admin');
    expect((await request('/account', { cookie: admin.cookie })).status).toBe(200);
  });

  it('says which address waits for confirmation', async () => {
    const { cookie, newEmail } = await askEmailChange();
    const html = await (await request('/account?done=email-sent', { cookie, headers: EN })).text();
    expect(html).toContain(`<bdi>${newEmail}</bdi>`);
    expect(html).toContain(escaped(en.account.emailSent));
  });

  it('sends visitors and expired sessions to sign-in', async () => {
    expectSignInRedirect(await request('/account'), '/account');
    expectSignInRedirect(await request('/account', { cookie: `${SESSION_COOKIE}=${'a'.repeat(32)}` }), '/account');
  });
});

describe('POST /account/profile', () => {
  it('saves the name and language, sets the language cookie and comes back, in one round trip', async () => {
    const { id, cookie } = await trainerSession();
    const response = await request('/account/profile', { form: { name: '  Zofia Nowak ', language: 'pl' }, cookie });
    expect(response.status).toBe(303);
    expect(response.headers.get('Location')).toBe('/account?done=profile');
    expect(roundTrips(response)).toBe(1);
    expect(response.headers.get('Set-Cookie')).toContain('warsztat_lang=pl');
    expect(await userRow(id)).toMatchObject({ name: 'Zofia Nowak', lang: 'pl' });
    const page = await (await request('/account?done=profile', { cookie })).text();
    expect(page).toContain(escaped(pl.account.saved));
    expect(page).toContain('<strong><bdi>Zofia Nowak</bdi></strong>');
  });

  it('re-renders with 422 and a message per field, writing nothing', async () => {
    const { id, cookie } = await trainerSession();
    const before = await tableCounts();
    const response = await request('/account/profile', { form: { name: ' ', language: 'de' }, cookie, headers: EN });
    expect(response.status).toBe(422);
    expect(roundTrips(response)).toBe(1);
    const html = await response.text();
    expect(html).toContain(escaped(en.errors.nameRequired));
    expect(html).toContain(escaped(en.account.languageInvalid));
    expect(await tableCounts()).toEqual(before);
    expect(await userRow(id)).toMatchObject({ name: 'Test Trainer', lang: null });
  });

  it('sends visitors to sign-in and writes nothing', async () => {
    const before = await tableCounts();
    expectSignInRedirect(await request('/account/profile', { form: { name: 'X', language: 'en' } }), '/account');
    expect(await tableCounts()).toEqual(before);
  });
});

describe('POST /account/email', () => {
  it('stores a hashed 24-hour token for the new address and writes to both addresses', async () => {
    const { id, email, cookie } = await trainerSession();
    const newEmail = freshEmail();
    const before = Date.now();
    const response = await request('/account/email', { form: { email: newEmail.toUpperCase(), password: PASSWORD }, cookie, headers: EN });
    expect(response.status).toBe(303);
    expect(response.headers.get('Location')).toBe('/account?done=email-sent');
    // The password is checked against the stored hash between reading it and writing the token.
    expect(roundTrips(response)).toBe(2);
    const message = (await lastMailTo(newEmail))!;
    expect(message.subject).toBe(en.account.mail.changeSubject('Warsztat'));
    const token = linkIn(message, '/account/email/').split('/').pop()!;
    const row = await env.DB.prepare(
      `SELECT new_email AS newEmail, expires_at AS expiresAt FROM account_tokens WHERE token_hash = ? AND purpose = 'email-change' AND user_id = ?`,
    )
      .bind(await hashToken(token), id)
      .first<{ newEmail: string; expiresAt: number }>();
    expect(row!.newEmail).toBe(newEmail);
    expect(row!.expiresAt).toBeGreaterThanOrEqual(before + 24 * 3600_000);
    expect(row!.expiresAt).toBeLessThanOrEqual(Date.now() + 24 * 3600_000);
    const notice = (await lastMailTo(email))!;
    expect(notice.subject).toBe(en.account.mail.noticeSubject('Warsztat'));
    expect(notice.text).toContain(newEmail);
    // Nothing changes before the link is opened.
    expect((await userRow(id))!.email).toBe(email);
  });

  it('keeps only the newest request confirmable', async () => {
    const first = await askEmailChange();
    const second = freshEmail();
    await request('/account/email', { form: { email: second, password: PASSWORD }, cookie: first.cookie });
    expect(await count(`SELECT count(*) AS n FROM account_tokens WHERE user_id = ? AND purpose = 'email-change'`, first.id)).toBe(1);
    expect((await request(first.path)).status).toBe(404);
  });

  it('refuses a wrong password with 422 in one round trip, writing and sending nothing', async () => {
    const { cookie } = await trainerSession();
    const newEmail = freshEmail();
    const before = await tableCounts();
    const response = await request('/account/email', { form: { email: newEmail, password: 'not-my-password' }, cookie, headers: EN });
    expect(response.status).toBe(422);
    expect(roundTrips(response)).toBe(1);
    const html = await response.text();
    expect(html).toContain(escaped(en.account.wrongPassword));
    expect(html).toContain(`value="${newEmail}"`);
    expect(await tableCounts()).toEqual(before);
    expect(await lastMailTo(newEmail)).toBeNull();
  });

  it('refuses with 422 an address that is taken, the current one, or not an address', async () => {
    const { email, cookie } = await trainerSession();
    const other = await createAccount();
    const before = await tableCounts();
    const cases: [string, string][] = [
      [other.email, en.account.emailTaken],
      [email.toUpperCase(), en.account.emailSame],
      ['not-an-address', en.errors.invalidEmail],
    ];
    for (const [address, message] of cases) {
      const response = await request('/account/email', { form: { email: address, password: PASSWORD }, cookie, headers: EN });
      expect(response.status, address).toBe(422);
      expect(await response.text(), address).toContain(escaped(message));
    }
    expect(await tableCounts()).toEqual(before);
  });

  it('does not tell whether an address is taken without the right password', async () => {
    const { cookie } = await trainerSession();
    const other = await createAccount();
    const html = await (
      await request('/account/email', { form: { email: other.email, password: 'wrong-password' }, cookie, headers: EN })
    ).text();
    expect(html).toContain(escaped(en.account.wrongPassword));
    expect(html).not.toContain(escaped(en.account.emailTaken));
  });

  it('limits password checks per session with 429', async () => {
    const { cookie } = await trainerSession();
    for (let i = 0; i < 10; i++) {
      expect((await request('/account/email', { form: { email: freshEmail(), password: 'wrong-password' }, cookie })).status).toBe(422);
    }
    const refused = await request('/account/email', { form: { email: freshEmail(), password: PASSWORD }, cookie, headers: EN });
    expect(refused.status).toBe(429);
    expect(await refused.text()).toContain(escaped(en.account.tooManyChecks));
  });

  it('says so when the message to the new address could not be sent', async () => {
    const { cookie } = await trainerSession();
    const response = await request('/account/email', {
      form: { email: freshEmail(), password: PASSWORD },
      cookie,
      env: { MAIL_TRANSPORT: 'binding' },
    });
    expect(response.status).toBe(303);
    expect(response.headers.get('Location')).toBe('/account?done=email-not-sent');
    const html = await (await request('/account?done=email-not-sent', { cookie, headers: EN })).text();
    expect(html).toContain(escaped(en.account.emailNotSent));
  });

  it('sends visitors to sign-in and writes nothing', async () => {
    const before = await tableCounts();
    expectSignInRedirect(await request('/account/email', { form: { email: freshEmail(), password: PASSWORD } }), '/account');
    expect(await tableCounts()).toEqual(before);
  });
});

describe('GET /account/email/:token', () => {
  it('asks to confirm the new address without changing anything yet', async () => {
    const { id, email, newEmail, path } = await askEmailChange();
    const response = await request(path, { headers: EN });
    expect(response.status).toBe(200);
    expect(roundTrips(response)).toBe(1);
    const html = await response.text();
    expect(html).toContain(`<bdi>${newEmail}</bdi>`);
    expect(html).toContain(`<form method="post" action="${path}"`);
    expect((await userRow(id))!.email).toBe(email);
  });

  it('answers 404 for a link it never made, 410 for an expired or used one, 409 for a taken address', async () => {
    expect((await request(`/account/email/${'c'.repeat(32)}`)).status).toBe(404);
    expect((await request('/account/email/nope')).status).toBe(404);

    const expired = await askEmailChange();
    await env.DB.prepare('UPDATE account_tokens SET expires_at = ? WHERE user_id = ?')
      .bind(Date.now() - 1, expired.id)
      .run();
    const old = await request(expired.path, { headers: EN });
    expect(old.status).toBe(410);
    const html = await old.text();
    expect(html).toContain(escaped(en.account.linkExpired));
    expect(html).toContain('<a href="/account">');

    const used = await askEmailChange();
    expect((await request(used.path, { form: {} })).status).toBe(303);
    expect((await request(used.path)).status).toBe(410);

    const taken = await askEmailChange();
    await env.DB.prepare('UPDATE users SET email = ? WHERE id = ?')
      .bind(taken.newEmail, (await createAccount()).id)
      .run();
    expect((await request(taken.path)).status).toBe(409);
  });
});

describe('POST /account/email/:token', () => {
  it('changes the address, in one round trip, for whoever opens the link', async () => {
    const { id, newEmail, path } = await askEmailChange();
    const response = await request(path, { form: {} });
    expect(response.status).toBe(303);
    expect(response.headers.get('Location')).toBe('/account/email/changed');
    expect(roundTrips(response)).toBe(1);
    expect((await userRow(id))!.email).toBe(newEmail);
    expect(await count('SELECT count(*) AS n FROM account_tokens WHERE user_id = ? AND used_at IS NULL', id)).toBe(0);
    await expect(signIn(newEmail)).resolves.toBeTruthy();
    const page = await request('/account/email/changed', { headers: EN });
    expect(await page.text()).toContain(escaped(en.account.emailChangedTitle));
  });

  it('works for the signed-in owner too', async () => {
    const { id, cookie, newEmail, path } = await askEmailChange();
    expect((await request(path, { form: {}, cookie })).status).toBe(303);
    expect((await userRow(id))!.email).toBe(newEmail);
  });

  it('works once: a second use answers 410 and writes nothing', async () => {
    const { path } = await askEmailChange();
    await request(path, { form: {} });
    const before = await tableCounts();
    expect((await request(path, { form: {} })).status).toBe(410);
    expect(await tableCounts()).toEqual(before);
  });

  it('refuses with 409 when another account took the address meanwhile, changing nothing', async () => {
    const { id, email, newEmail, path } = await askEmailChange();
    await env.DB.prepare('UPDATE users SET email = ? WHERE id = ?')
      .bind(newEmail, (await createAccount()).id)
      .run();
    const response = await request(path, { form: {}, headers: EN });
    expect(response.status).toBe(409);
    expect(await response.text()).toContain(escaped(en.account.linkTaken));
    expect((await userRow(id))!.email).toBe(email);
  });

  it('answers 404 for an unknown link and 410 for an expired one', async () => {
    expect((await request(`/account/email/${'d'.repeat(32)}`, { form: {} })).status).toBe(404);
    const { id, email, path } = await askEmailChange();
    await env.DB.prepare('UPDATE account_tokens SET expires_at = ? WHERE user_id = ?')
      .bind(Date.now() - 1, id)
      .run();
    expect((await request(path, { form: {} })).status).toBe(410);
    expect((await userRow(id))!.email).toBe(email);
  });
});

describe('POST /account/password', () => {
  it('changes the password, ends the other sessions and keeps this one, in two round trips', async () => {
    const { id, email, cookie } = await trainerSession();
    const other = await signIn(email);
    await request('/password-reset', { form: { email } });
    const response = await request('/account/password', {
      form: { current: PASSWORD, password: NEW_PASSWORD, confirm: NEW_PASSWORD },
      cookie,
    });
    expect(response.status).toBe(303);
    expect(response.headers.get('Location')).toBe('/account?done=password');
    expect(roundTrips(response)).toBe(2);
    expect(await sessionExists(cookie)).toBe(true);
    expect(await sessionExists(other)).toBe(false);
    expect(await sessionsOf(id)).toBe(1);
    // A reset link sent before no longer works.
    expect(await count(`SELECT count(*) AS n FROM account_tokens WHERE user_id = ? AND used_at IS NULL`, id)).toBe(0);
    await expect(signIn(email, NEW_PASSWORD)).resolves.toBeTruthy();
    await expect(signIn(email, PASSWORD)).rejects.toThrow();
  });

  it('refuses a wrong current password with 422, writing nothing', async () => {
    const { email, cookie } = await trainerSession();
    const before = await tableCounts();
    const response = await request('/account/password', {
      form: { current: 'not-my-password', password: NEW_PASSWORD, confirm: NEW_PASSWORD },
      cookie,
      headers: EN,
    });
    expect(response.status).toBe(422);
    expect(await response.text()).toContain(escaped(en.account.wrongPassword));
    expect(await tableCounts()).toEqual(before);
    await expect(signIn(email, PASSWORD)).resolves.toBeTruthy();
  });

  it('refuses a short or unconfirmed new password with 422', async () => {
    const { cookie } = await trainerSession();
    const before = await tableCounts();
    const short = await request('/account/password', {
      form: { current: PASSWORD, password: 'short', confirm: 'short' },
      cookie,
      headers: EN,
    });
    expect(short.status).toBe(422);
    expect(await short.text()).toContain(escaped(en.errors.passwordTooShort(10)));
    const differ = await request('/account/password', {
      form: { current: PASSWORD, password: NEW_PASSWORD, confirm: 'something-else-entirely' },
      cookie,
      headers: EN,
    });
    expect(differ.status).toBe(422);
    expect(await differ.text()).toContain(escaped(en.account.passwordsDiffer));
    expect(await tableCounts()).toEqual(before);
  });

  it('sends visitors to sign-in', async () => {
    expectSignInRedirect(
      await request('/account/password', { form: { current: PASSWORD, password: NEW_PASSWORD, confirm: NEW_PASSWORD } }),
      '/account',
    );
  });
});

describe('POST /account/sessions/others', () => {
  it('ends every other session and keeps this one, in one round trip', async () => {
    const { id, email, cookie } = await trainerSession();
    const others = [await signIn(email), await signIn(email)];
    const response = await request('/account/sessions/others', { form: {}, cookie });
    expect(response.status).toBe(303);
    expect(response.headers.get('Location')).toBe('/account?done=sessions');
    expect(roundTrips(response)).toBe(1);
    expect(await sessionExists(cookie)).toBe(true);
    for (const other of others) expect(await sessionExists(other)).toBe(false);
    expect(await sessionsOf(id)).toBe(1);
  });

  it('leaves other people’s sessions alone', async () => {
    const me = await trainerSession();
    const someoneElse = await trainerSession();
    await request('/account/sessions/others', { form: {}, cookie: me.cookie });
    expect(await sessionExists(someoneElse.cookie)).toBe(true);
  });

  it('sends visitors to sign-in and writes nothing', async () => {
    const before = await tableCounts();
    expectSignInRedirect(await request('/account/sessions/others', { form: {} }), '/account/sessions');
    expect(await tableCounts()).toEqual(before);
  });
});

describe('POST /account/sessions/all', () => {
  it('ends every session including this one and goes to sign-in, in one round trip', async () => {
    const { id, email, cookie } = await trainerSession();
    await signIn(email);
    const someoneElse = await trainerSession();
    const response = await request('/account/sessions/all', { form: {}, cookie });
    expect(response.status).toBe(303);
    expect(response.headers.get('Location')).toBe('/sign-in');
    expect(roundTrips(response)).toBe(1);
    expect(response.headers.get('Set-Cookie')).toContain(`${SESSION_COOKIE}=;`);
    expect(await sessionsOf(id)).toBe(0);
    expect(await sessionExists(someoneElse.cookie)).toBe(true);
    expectSignInRedirect(await request('/account', { cookie }), '/account');
  });

  it('sends visitors to sign-in', async () => {
    expectSignInRedirect(await request('/account/sessions/all', { form: {} }), '/account/sessions');
  });
});
