import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import {
  createSession,
  generateSessionToken,
  hashSessionToken,
  invalidateSession,
  SESSION_LIFETIME_MS,
  validateSessionToken,
} from '../../src/auth/session';
import { count, createAccount, db, expectSignInRedirect, request, signIn } from '../helpers';

const DAY = 24 * 60 * 60 * 1000;

async function expiresAt(token: string): Promise<number | null> {
  const row = await env.DB.prepare('SELECT expires_at AS e FROM sessions WHERE id = ?')
    .bind(await hashSessionToken(token))
    .first<{ e: number }>();
  return row?.e ?? null;
}

async function setExpiry(token: string, at: number) {
  await env.DB.prepare('UPDATE sessions SET expires_at = ? WHERE id = ?').bind(at, await hashSessionToken(token)).run();
}

const tokenOf = (cookie: string) => cookie.slice('warsztat_session='.length);

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
    const { id } = await createAccount();
    const now = Date.now();
    const { token, expiresAt } = await createSession(db(), id, now);
    expect(expiresAt).toBe(now + SESSION_LIFETIME_MS);
    const rows = await env.DB.prepare('SELECT id FROM sessions WHERE user_id = ?').bind(id).all<{ id: string }>();
    expect(rows.results).toEqual([{ id: await hashSessionToken(token) }]);
    expect(rows.results[0]!.id).not.toBe(token);
    expect(await count('SELECT count(*) AS n FROM sessions WHERE id = ?', token)).toBe(0);
  });

  it('validates a fresh session without renewing it', async () => {
    const { id, email } = await createAccount();
    const now = Date.now();
    const { token } = await createSession(db(), id, now);
    const session = await validateSessionToken(db(), token, now + 1000);
    expect(session).toMatchObject({ renewed: false, expiresAt: now + SESSION_LIFETIME_MS });
    expect(session?.user).toMatchObject({ id, email, role: 'trainer' });
  });

  it('slides the expiry forward only in the second half of the lifetime', async () => {
    const { id } = await createAccount();
    const start = Date.now();
    const { token } = await createSession(db(), id, start);
    const firstHalf = start + SESSION_LIFETIME_MS / 2 - 1000;
    expect((await validateSessionToken(db(), token, firstHalf))?.renewed).toBe(false);
    const secondHalf = start + SESSION_LIFETIME_MS / 2 + 1000;
    const renewed = await validateSessionToken(db(), token, secondHalf);
    expect(renewed).toMatchObject({ renewed: true, expiresAt: secondHalf + SESSION_LIFETIME_MS });
    expect(await expiresAt(token)).toBe(secondHalf + SESSION_LIFETIME_MS);
  });

  it('refuses and deletes an expired session', async () => {
    const { id } = await createAccount();
    const start = Date.now();
    const { token } = await createSession(db(), id, start);
    expect(await validateSessionToken(db(), token, start + SESSION_LIFETIME_MS)).toBeNull();
    expect(await expiresAt(token)).toBeNull();
  });

  it('refuses an unknown token, and deletes the row on invalidation', async () => {
    const { id } = await createAccount();
    const { token } = await createSession(db(), id);
    expect(await validateSessionToken(db(), generateSessionToken())).toBeNull();
    await invalidateSession(db(), token);
    expect(await validateSessionToken(db(), token)).toBeNull();
    expect(await count('SELECT count(*) AS n FROM sessions WHERE user_id = ?', id)).toBe(0);
  });
});

describe('session cookie (every request)', () => {
  it('is set on sign-in as HttpOnly, Secure, SameSite=Lax, Path=/, for 30 days', async () => {
    const { email } = await createAccount();
    const before = Date.now();
    const response = await request('/sign-in', { form: { email, password: 'a-long-password' } });
    const setCookie = response.headers.get('Set-Cookie') ?? '';
    expect(setCookie).toMatch(/^warsztat_session=[a-z2-7]{32};/);
    expect(setCookie).toMatch(/;\s*HttpOnly/i);
    expect(setCookie).toMatch(/;\s*Secure/i);
    expect(setCookie).toMatch(/;\s*SameSite=Lax/i);
    expect(setCookie).toMatch(/;\s*Path=\//);
    const expires = Date.parse(/Expires=([^;]+)/i.exec(setCookie)?.[1] ?? '');
    expect(Math.abs(expires - (before + SESSION_LIFETIME_MS))).toBeLessThan(60_000);
  });

  it('refuses an expired session, deletes its row and clears the cookie', async () => {
    const { email } = await createAccount();
    const cookie = await signIn(email);
    await setExpiry(tokenOf(cookie), Date.now() - 1000);
    const response = await request('/learning', { cookie });
    expectSignInRedirect(response, '/learning');
    expect(response.headers.get('Set-Cookie')).toMatch(/warsztat_session=;.*Max-Age=0/);
    expect(await expiresAt(tokenOf(cookie))).toBeNull();
  });

  it('refuses a tampered cookie and clears it', async () => {
    const { id, email } = await createAccount();
    const cookie = await signIn(email);
    const token = tokenOf(cookie);
    const tampered = `${token.slice(0, -1)}${token.endsWith('a') ? 'b' : 'a'}`;
    for (const value of [tampered, `${token}a`, '', 'x'.repeat(5000)]) {
      const response = await request('/learning', { cookie: `warsztat_session=${value}` });
      expect(response.status, value).toBe(303);
    }
    const response = await request('/learning', { cookie: `warsztat_session=${tampered}` });
    expect(response.headers.get('Set-Cookie')).toMatch(/warsztat_session=;.*Max-Age=0/);
    // The real session is untouched.
    expect(await count('SELECT count(*) AS n FROM sessions WHERE user_id = ?', id)).toBe(1);
    expect((await request('/learning', { cookie })).status).toBe(200);
  });

  it('renews a session in its second half and sends a new cookie', async () => {
    const { email } = await createAccount();
    const cookie = await signIn(email);
    const token = tokenOf(cookie);
    await setExpiry(token, Date.now() + 10 * DAY);
    const before = Date.now();
    const response = await request('/learning', { cookie });
    expect(response.status).toBe(200);
    const moved = (await expiresAt(token))!;
    expect(moved).toBeGreaterThanOrEqual(before + SESSION_LIFETIME_MS);
    expect(moved).toBeLessThan(Date.now() + SESSION_LIFETIME_MS + 1000);
    const setCookie = response.headers.get('Set-Cookie') ?? '';
    expect(setCookie).toContain(`warsztat_session=${token};`);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(Math.abs(Date.parse(/Expires=([^;]+)/i.exec(setCookie)![1]!) - moved)).toBeLessThan(1000);
  });

  it('leaves a session in its first half alone: no write, no cookie', async () => {
    const { email } = await createAccount();
    const cookie = await signIn(email);
    const token = tokenOf(cookie);
    const at = Date.now() + 20 * DAY;
    await setExpiry(token, at);
    const response = await request('/learning', { cookie });
    expect(response.status).toBe(200);
    expect(response.headers.get('Set-Cookie')).toBeNull();
    expect(await expiresAt(token)).toBe(at);
  });
});
