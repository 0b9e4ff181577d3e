import { env } from 'cloudflare:workers';
import { describe, expect, it, vi } from 'vitest';
import { hashSessionToken } from '../../src/auth/session';
import { HOUR_MS } from '../../src/auth/tokens';
import { en } from '../../src/i18n/en';
import { pl } from '../../src/i18n/pl';
import {
  clientAddress,
  count,
  createAccount,
  EN,
  escaped,
  lastMailTo,
  linkIn,
  PASSWORD,
  request,
  roundTrips,
  signIn,
  tableCounts,
  tokenOf,
} from '../helpers';

const NEW_PASSWORD = 'a-brand-new-password';

/** A reset request from its own client address (the per-address limit is tested on its own). */
const askReset = (email: string, headers: Record<string, string> = {}) =>
  request('/password-reset', { form: { email }, headers: { ...EN, 'CF-Connecting-IP': clientAddress(), ...headers } });

/** The reset message, once the Worker has sent it (after its answer, through waitUntil). */
const resetMail = (email: string) =>
  vi.waitFor(
    async () => {
      const message = await lastMailTo(email);
      if (!message) throw new Error(`no mail to ${email} yet`);
      return message;
    },
    { timeout: 2000, interval: 20 },
  );

const tokensOf = (userId: number) =>
  count(`SELECT count(*) AS n FROM account_tokens WHERE user_id = ? AND purpose = 'password-reset'`, userId);

/** An account, a reset asked for it and the link's path from the message. */
async function resetLink() {
  const account = await createAccount();
  expect((await askReset(account.email)).status).toBe(303);
  const path = linkIn(await resetMail(account.email), '/password-reset/');
  return { ...account, path };
}

describe('GET /sign-in', () => {
  it('offers a link to reset a forgotten password', async () => {
    const html = await (await request('/sign-in', { headers: EN })).text();
    expect(html).toContain(`<a href="/password-reset">${escaped(en.account.forgotLink)}</a>`);
  });
});

describe('GET /password-reset', () => {
  it('asks for the email address, signed out', async () => {
    const response = await request('/password-reset', { headers: EN });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('<form method="post" action="/password-reset"');
    expect(html).toContain('name="email"');
    // One: the region's settings (its name), read as every page does.
    expect(roundTrips(response)).toBe(1);
  });
});

describe('POST /password-reset', () => {
  it('stores a hashed one-hour token and sends the link in the account language', async () => {
    const { id, email } = await createAccount();
    await env.DB.prepare(`UPDATE users SET preferred_language = 'pl' WHERE id = ?`).bind(id).run();
    const before = Date.now();
    const response = await askReset(`  ${email.toUpperCase()} `);
    expect(response.status).toBe(303);
    expect(response.headers.get('Location')).toBe('/password-reset/sent');
    expect(roundTrips(response)).toBe(1);
    const message = await resetMail(email);
    // The page asked in English; the account prefers Polish.
    expect(message.subject).toBe(pl.account.mail.resetSubject('Warsztat'));
    const token = linkIn(message, '/password-reset/').split('/').pop()!;
    const row = await env.DB.prepare(
      `SELECT token_hash AS hash, expires_at AS expiresAt, used_at AS usedAt FROM account_tokens WHERE user_id = ?`,
    )
      .bind(id)
      .first<{ hash: string; expiresAt: number; usedAt: number | null }>();
    expect(row!.hash).toBe(await hashSessionToken(token));
    expect(row!.usedAt).toBeNull();
    expect(row!.expiresAt).toBeGreaterThanOrEqual(before + HOUR_MS);
    expect(row!.expiresAt).toBeLessThanOrEqual(Date.now() + HOUR_MS);
  });

  it('writes in the language of the page when the account has none', async () => {
    const { email } = await createAccount();
    await askReset(email, { 'Accept-Language': 'en' });
    expect((await resetMail(email)).subject).toBe(en.account.mail.resetSubject('Warsztat'));
  });

  it('answers an unknown address exactly as a known one, and stores and sends nothing', async () => {
    const known = await createAccount();
    const unknown = `nobody-${crypto.randomUUID()}@example.org`;
    const before = await tableCounts();
    const [a, b] = [await askReset(known.email), await askReset(unknown)];
    expect(b.status).toBe(a.status);
    expect(b.headers.get('Location')).toBe(a.headers.get('Location'));
    expect(roundTrips(b)).toBe(roundTrips(a));
    expect((await tableCounts()).account_tokens).toBe((before.account_tokens ?? 0) + 1);
    expect(await lastMailTo(unknown)).toBeNull();
    const page = await request('/password-reset/sent', { headers: EN });
    expect(await page.text()).toContain(escaped(en.account.resetSent));
  });

  it('sends nothing to a deactivated or deleted account', async () => {
    for (const column of ['deactivated_at', 'deleted_at']) {
      const { id, email } = await createAccount();
      await env.DB.prepare(`UPDATE users SET ${column} = ? WHERE id = ?`).bind(Date.now(), id).run();
      const response = await askReset(email);
      expect(response.status, column).toBe(303);
      expect(response.headers.get('Location')).toBe('/password-reset/sent');
      expect(await tokensOf(id), column).toBe(0);
      // Give a waitUntil send every chance to happen before checking it did not.
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(await lastMailTo(email), column).toBeNull();
    }
  });

  it('re-renders the form with 422 for an address that is not one, writing nothing', async () => {
    const before = await tableCounts();
    const response = await askReset('not-an-address');
    expect(response.status).toBe(422);
    const html = await response.text();
    expect(html).toContain(escaped(en.errors.invalidEmail));
    expect(html).toContain('value="not-an-address"');
    expect(await tableCounts()).toEqual(before);
  });

  it('limits requests per address with 429, storing no token beyond the limit', async () => {
    const { id, email } = await createAccount();
    for (let i = 0; i < 10; i++) expect((await askReset(email)).status).toBe(303);
    const refused = await askReset(email);
    expect(refused.status).toBe(429);
    expect(await refused.text()).toContain(escaped(en.account.resetTooMany));
    expect(await tokensOf(id)).toBe(10);
  });

  it('limits requests per client address with 429, whatever the email', async () => {
    const client = clientAddress();
    const { id, email } = await createAccount();
    for (let i = 0; i < 10; i++) {
      const other = await request('/password-reset', {
        form: { email: `x${i}-${crypto.randomUUID()}@example.org` },
        headers: { 'CF-Connecting-IP': client },
      });
      expect(other.status).toBe(303);
    }
    const refused = await request('/password-reset', { form: { email }, headers: { ...EN, 'CF-Connecting-IP': client } });
    expect(refused.status).toBe(429);
    expect(await tokensOf(id)).toBe(0);
  });

  it('keeps an older unused link working when another is asked for', async () => {
    const first = await resetLink();
    expect((await askReset(first.email)).status).toBe(303);
    expect(await tokensOf(first.id)).toBe(2);
    expect((await request(first.path)).status).toBe(200);
  });
});

describe('GET /password-reset/:token', () => {
  it('shows the new password form for a working link', async () => {
    const { path } = await resetLink();
    const response = await request(path, { headers: EN });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain(`<form method="post" action="${path}"`);
    expect(html).toContain('name="confirm"');
    expect(roundTrips(response)).toBe(1);
  });

  it('answers 404 with a way to ask again for a link it never made', async () => {
    for (const path of [`/password-reset/${'a'.repeat(32)}`, '/password-reset/not-a-token']) {
      const response = await request(path, { headers: EN });
      expect(response.status, path).toBe(404);
      const html = await response.text();
      expect(html).toContain(escaped(en.account.linkUnknown));
      expect(html).toContain('<a href="/password-reset">');
    }
  });

  it('answers 410 for an expired link and for a used one', async () => {
    const expired = await resetLink();
    await env.DB.prepare('UPDATE account_tokens SET expires_at = ? WHERE user_id = ?')
      .bind(Date.now() - 1, expired.id)
      .run();
    const old = await request(expired.path, { headers: EN });
    expect(old.status).toBe(410);
    expect(await old.text()).toContain(escaped(en.account.linkExpired));

    const used = await resetLink();
    expect((await request(used.path, { form: { password: NEW_PASSWORD, confirm: NEW_PASSWORD } })).status).toBe(303);
    const again = await request(used.path, { headers: EN });
    expect(again.status).toBe(410);
    const html = await again.text();
    expect(html).toContain(escaped(en.account.linkUsed));
    expect(html).toContain('<a href="/password-reset">');
  });

  it('answers 410 when the account was deactivated after the link was sent', async () => {
    const { id, path } = await resetLink();
    await env.DB.prepare('UPDATE users SET deactivated_at = ? WHERE id = ?').bind(Date.now(), id).run();
    expect((await request(path)).status).toBe(410);
  });
});

describe('POST /password-reset/:token', () => {
  it('sets the password, ends every session, signs this browser in and uses the link', async () => {
    const { id, email, path } = await resetLink();
    const elsewhere = [await signIn(email), await signIn(email)];
    const response = await request(path, { form: { password: NEW_PASSWORD, confirm: NEW_PASSWORD } });
    expect(response.status).toBe(303);
    expect(response.headers.get('Location')).toBe('/learning');
    expect(roundTrips(response)).toBe(1);
    const token = /__Host-warsztat_session=([^;]+)/.exec(response.headers.get('Set-Cookie') ?? '')![1]!;
    // Only the new session is left: the old ones are gone.
    expect(await count('SELECT count(*) AS n FROM sessions WHERE user_id = ?', id)).toBe(1);
    expect(await count('SELECT count(*) AS n FROM sessions WHERE id = ?', await hashSessionToken(token))).toBe(1);
    for (const cookie of elsewhere) {
      expect(await count('SELECT count(*) AS n FROM sessions WHERE id = ?', await hashSessionToken(tokenOf(cookie)))).toBe(0);
    }
    expect(await count(`SELECT count(*) AS n FROM account_tokens WHERE user_id = ? AND used_at IS NULL`, id)).toBe(0);
    await expect(signIn(email, PASSWORD)).rejects.toThrow();
    await expect(signIn(email, NEW_PASSWORD)).resolves.toContain('__Host-warsztat_session=');
  });

  it('ends the other unused links of the account too', async () => {
    const first = await resetLink();
    await askReset(first.email);
    expect((await request(first.path, { form: { password: NEW_PASSWORD, confirm: NEW_PASSWORD } })).status).toBe(303);
    expect(await count(`SELECT count(*) AS n FROM account_tokens WHERE user_id = ? AND used_at IS NULL`, first.id)).toBe(0);
  });

  it('takes an admin to the admin pages', async () => {
    const admin = await createAccount('admin');
    await askReset(admin.email);
    const path = linkIn(await resetMail(admin.email), '/password-reset/');
    const response = await request(path, { form: { password: NEW_PASSWORD, confirm: NEW_PASSWORD } });
    expect(response.headers.get('Location')).toBe('/admin');
  });

  it('re-renders with 422 for a short or unconfirmed password, writing nothing', async () => {
    const { id, path } = await resetLink();
    const before = await tableCounts();
    const short = await request(path, { form: { password: 'short', confirm: 'short' }, headers: EN });
    expect(short.status).toBe(422);
    expect(await short.text()).toContain(escaped(en.errors.passwordTooShort(10)));
    const differ = await request(path, { form: { password: NEW_PASSWORD, confirm: `${NEW_PASSWORD}!` }, headers: EN });
    expect(differ.status).toBe(422);
    expect(await differ.text()).toContain(escaped(en.account.passwordsDiffer));
    expect(await tableCounts()).toEqual(before);
    expect(await count('SELECT count(*) AS n FROM account_tokens WHERE user_id = ? AND used_at IS NOT NULL', id)).toBe(0);
  });

  it('works once: a second use answers 410 and changes nothing', async () => {
    const { email, path } = await resetLink();
    expect((await request(path, { form: { password: NEW_PASSWORD, confirm: NEW_PASSWORD } })).status).toBe(303);
    const before = await tableCounts();
    const again = await request(path, { form: { password: 'yet-another-password', confirm: 'yet-another-password' }, headers: EN });
    expect(again.status).toBe(410);
    expect(again.headers.get('Set-Cookie')).toBeNull();
    expect(await tableCounts()).toEqual(before);
    await expect(signIn(email, NEW_PASSWORD)).resolves.toBeTruthy();
  });

  it('refuses an expired link with 410 and an unknown one with 404', async () => {
    const { id, email, path } = await resetLink();
    await env.DB.prepare('UPDATE account_tokens SET expires_at = ? WHERE user_id = ?')
      .bind(Date.now() - 1, id)
      .run();
    const form = { password: NEW_PASSWORD, confirm: NEW_PASSWORD };
    expect((await request(path, { form })).status).toBe(410);
    expect((await request(`/password-reset/${'b'.repeat(32)}`, { form })).status).toBe(404);
    await expect(signIn(email, PASSWORD)).resolves.toBeTruthy();
  });
});
