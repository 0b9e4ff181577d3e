import { createExecutionContext, createScheduledController, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  ABSOLUTE_LIFETIME_MS,
  generateSessionToken,
  hashSessionToken,
  IDLE_LIFETIME_MS,
  RENEW_COOKIE,
  SESSION_COOKIE,
} from '../../src/auth/session';
import worker from '../../src/index';
import { count, createAccount, expectSignInRedirect, importFixture, PASSWORD, request, signIn, tokenOf } from '../helpers';

beforeAll(async () => {
  await importFixture();
});

const DAY = 24 * 60 * 60 * 1000;

async function sessionRow(token: string) {
  return env.DB.prepare('SELECT expires_at AS expiresAt, created_at AS createdAt FROM sessions WHERE id = ?')
    .bind(await hashSessionToken(token))
    .first<{ expiresAt: number; createdAt: number }>();
}

async function setTimes(token: string, times: { expiresAt: number; createdAt?: number }) {
  const row = await sessionRow(token);
  await env.DB.prepare('UPDATE sessions SET expires_at = ?, created_at = ? WHERE id = ?')
    .bind(times.expiresAt, times.createdAt ?? row!.createdAt, await hashSessionToken(token))
    .run();
}

const cookieHeader = (token: string) => `${SESSION_COOKIE}=${token}`;

describe('session tokens (src/auth/session.ts)', () => {
  it('generates 160-bit random tokens in lowercase base32', () => {
    const tokens = new Set(Array.from({ length: 50 }, generateSessionToken));
    expect(tokens.size).toBe(50);
    for (const token of tokens) expect(token).toMatch(/^[a-z2-7]{32}$/);
  });

  it('hashes a token to a stable SHA-256 hex digest', async () => {
    const token = generateSessionToken();
    const hash = await hashSessionToken(token);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(await hashSessionToken(token)).toBe(hash);
    expect(await hashSessionToken(`${token}x`)).not.toBe(hash);
    // Known vector: SHA-256 of "abc".
    expect(await hashSessionToken('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('stores only the hash of the token', async () => {
    const { id, email } = await createAccount();
    const token = tokenOf(await signIn(email));
    const rows = await env.DB.prepare('SELECT id FROM sessions WHERE user_id = ?').bind(id).all<{ id: string }>();
    expect(rows.results).toEqual([{ id: await hashSessionToken(token) }]);
    expect(await count('SELECT count(*) AS n FROM sessions WHERE id = ?', token)).toBe(0);
  });
});

describe('session cookie', () => {
  it('is set on sign-in as __Host-, HttpOnly, Secure, SameSite=Lax, Path=/, no Domain, for the absolute lifetime', async () => {
    const { email } = await createAccount();
    const before = Date.now();
    const response = await request('/sign-in', { form: { email, password: PASSWORD } });
    const setCookie = response.headers.get('Set-Cookie') ?? '';
    expect(setCookie).toMatch(/^__Host-warsztat_session=[a-z2-7]{32};/);
    expect(setCookie).toMatch(/;\s*HttpOnly/i);
    expect(setCookie).toMatch(/;\s*Secure/i);
    expect(setCookie).toMatch(/;\s*SameSite=Lax/i);
    expect(setCookie).toMatch(/;\s*Path=\/(;|$)/);
    expect(setCookie).not.toMatch(/Domain=/i);
    const expires = Date.parse(/Expires=([^;]+)/i.exec(setCookie)?.[1] ?? '');
    expect(Math.abs(expires - (before + ABSOLUTE_LIFETIME_MS))).toBeLessThan(60_000);
    const row = await sessionRow(tokenOf(`${setCookie.split(';')[0]}`));
    expect(row!.expiresAt - row!.createdAt).toBe(IDLE_LIFETIME_MS);
  });

  it('refuses an expired session and clears the cookie', async () => {
    const { email } = await createAccount();
    const cookie = await signIn(email);
    await setTimes(tokenOf(cookie), { expiresAt: Date.now() - 1000 });
    const response = await request('/learning', { cookie });
    expectSignInRedirect(response, '/learning');
    expect(response.headers.get('Set-Cookie')).toMatch(/__Host-warsztat_session=;.*Max-Age=0/);
  });

  it('refuses a tampered cookie and clears it; the real session is untouched', async () => {
    const { id, email } = await createAccount();
    const cookie = await signIn(email);
    const token = tokenOf(cookie);
    const tampered = `${token.slice(0, -1)}${token.endsWith('a') ? 'b' : 'a'}`;
    for (const value of [tampered, `${token}a`, '', 'x'.repeat(5000)]) {
      const response = await request('/learning', { cookie: cookieHeader(value) });
      expect(response.status, value).toBe(303);
    }
    const response = await request('/learning', { cookie: cookieHeader(tampered) });
    expect(response.headers.get('Set-Cookie')).toMatch(/__Host-warsztat_session=;.*Max-Age=0/);
    expect(await count('SELECT count(*) AS n FROM sessions WHERE user_id = ?', id)).toBe(1);
    expect((await request('/learning', { cookie })).status).toBe(200);
  });

  it('is not accepted under the old, unprefixed name', async () => {
    const { email } = await createAccount();
    const token = tokenOf(await signIn(email));
    expectSignInRedirect(await request('/learning', { cookie: `warsztat_session=${token}` }), '/learning');
  });
});

describe('session lifetime', () => {
  it('slides the idle expiry forward in its second half, in the page’s own batch', async () => {
    const { email } = await createAccount();
    const cookie = await signIn(email);
    const token = tokenOf(cookie);
    await setTimes(token, { expiresAt: Date.now() + 10 * DAY });
    const before = Date.now();
    const response = await request('/learning', { cookie });
    expect(response.status).toBe(200);
    const moved = (await sessionRow(token))!.expiresAt;
    expect(moved).toBeGreaterThanOrEqual(before + IDLE_LIFETIME_MS);
    expect(moved).toBeLessThan(Date.now() + IDLE_LIFETIME_MS + 1000);
    // The cookie already lives as long as the session can: nothing to send again but the hint
    // of when the next renewal falls due.
    const setCookie = response.headers.get('Set-Cookie') ?? '';
    expect(setCookie).not.toContain(`${SESSION_COOKIE}=`);
    expect(setCookie).toContain(`${RENEW_COOKIE}=${moved - IDLE_LIFETIME_MS / 2};`);
  });

  it('leaves the renewal out of the page’s batch while the hint says it is not due (a read-only batch)', async () => {
    const { email } = await createAccount();
    const cookie = await signIn(email);
    const at = Date.now() + 10 * DAY;
    await setTimes(tokenOf(cookie), { expiresAt: at });
    const hint = `${RENEW_COOKIE}=${Date.now() + DAY}`;
    const response = await request('/learning', { cookie: `${cookie}; ${hint}` });
    expect(response.status).toBe(200);
    expect((await sessionRow(tokenOf(cookie)))!.expiresAt).toBe(at);
    // Without the hint (or once it has passed) the same session is renewed.
    await request('/learning', { cookie: `${cookie}; ${RENEW_COOKIE}=${Date.now() - 1}` });
    expect((await sessionRow(tokenOf(cookie)))!.expiresAt).toBeGreaterThan(at);
  });

  it('leaves a session in its first half alone', async () => {
    const { email } = await createAccount();
    const cookie = await signIn(email);
    const at = Date.now() + 20 * DAY;
    await setTimes(tokenOf(cookie), { expiresAt: at });
    expect((await request('/learning', { cookie })).status).toBe(200);
    expect((await sessionRow(tokenOf(cookie)))!.expiresAt).toBe(at);
  });

  it('never renews past the absolute lifetime, and then ends', async () => {
    const { email } = await createAccount();
    const cookie = await signIn(email);
    const token = tokenOf(cookie);
    const createdAt = Date.now() - 89 * DAY;
    await setTimes(token, { createdAt, expiresAt: Date.now() + 5 * DAY });
    expect((await request('/learning', { cookie })).status).toBe(200);
    expect((await sessionRow(token))!.expiresAt).toBe(createdAt + ABSOLUTE_LIFETIME_MS);
    await setTimes(token, { createdAt: createdAt - 2 * DAY, expiresAt: createdAt - 2 * DAY + ABSOLUTE_LIFETIME_MS });
    expectSignInRedirect(await request('/learning', { cookie }), '/learning');
  });

  it('ends the presented session when someone signs in again in the same browser', async () => {
    const { id, email } = await createAccount();
    const planted = await signIn(email);
    const response = await request('/sign-in', { form: { email, password: PASSWORD }, cookie: planted });
    expect(response.status).toBe(303);
    expect(await sessionRow(tokenOf(planted))).toBeNull();
    expectSignInRedirect(await request('/learning', { cookie: planted }), '/learning');
    expect(await count('SELECT count(*) AS n FROM sessions WHERE user_id = ?', id)).toBe(1);
  });

  it('lets an expired session write nothing', async () => {
    const { id, email } = await createAccount();
    const cookie = await signIn(email);
    await setTimes(tokenOf(cookie), { expiresAt: Date.now() - 1 });
    const response = await request('/courses/test-course/enrol', { form: {}, cookie });
    expectSignInRedirect(response, '/courses/test-course');
    expect(await count('SELECT count(*) AS n FROM enrolments WHERE user_id = ?', id)).toBe(0);
  });
});

describe('scheduled (daily cron)', () => {
  it('prunes expired sessions and closed sign-in windows, and keeps the rest', async () => {
    const { email } = await createAccount();
    const live = tokenOf(await signIn(email));
    const dead = tokenOf(await signIn(email));
    await setTimes(dead, { expiresAt: Date.now() - 1 });
    await env.DB.prepare('INSERT INTO rate_limits (key, window_start, count) VALUES (?, ?, 1)').bind('old-key', 0).run();
    const ctx = createExecutionContext();
    await worker.scheduled(createScheduledController({ cron: '0 3 * * *', scheduledTime: Date.now() }), env);
    await waitOnExecutionContext(ctx);
    expect(await sessionRow(dead)).toBeNull();
    expect(await sessionRow(live)).not.toBeNull();
    expect(await count("SELECT count(*) AS n FROM rate_limits WHERE key = 'old-key'")).toBe(0);
  });
});
