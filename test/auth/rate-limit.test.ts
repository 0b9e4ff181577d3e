import { describe, expect, it } from 'vitest';
import { allowSignInAttempt, SIGNIN_LIMIT, SIGNIN_WINDOW_MS } from '../../src/auth/rate-limit';
import { en } from '../../src/i18n/en';
import { clientAddress, count, createAccount, db, EN, PASSWORD, request, tableCounts } from '../helpers';

/**
 * The D1 limiter counts in fixed one-minute windows: start a burst early in a window, so that
 * it does not straddle two and the test stays deterministic.
 */
async function startOfWindow() {
  const left = SIGNIN_WINDOW_MS - (Date.now() % SIGNIN_WINDOW_MS);
  if (left < 15_000) await new Promise((resolve) => setTimeout(resolve, left + 50));
}

const attempt = (email: string, password: string, address = clientAddress()) =>
  request('/sign-in', { form: { email, password }, headers: { ...EN, 'CF-Connecting-IP': address } });

describe('POST /sign-in (rate limiting, D1 fallback)', () => {
  it('refuses the 11th attempt for one email within a minute with 429, even with the right password', { timeout: 30_000 }, async () => {
    const { id, email } = await createAccount();
    await startOfWindow();
    for (let i = 1; i <= SIGNIN_LIMIT; i++) {
      expect((await attempt(email, 'wrong-password')).status, `attempt ${i}`).toBe(422);
    }
    const refused = await attempt(email, PASSWORD);
    expect(refused.status).toBe(429);
    const html = await refused.text();
    expect(html).toContain(en.auth.tooMany);
    expect(refused.headers.get('Set-Cookie')).toBeNull();
    expect(await count('SELECT count(*) AS n FROM sessions WHERE user_id = ?', id)).toBe(0);
    // Another account is not affected.
    const other = await createAccount();
    expect((await attempt(other.email, PASSWORD)).status).toBe(303);
  });

  it('limits one client address across emails', { timeout: 30_000 }, async () => {
    const address = clientAddress();
    await startOfWindow();
    for (let i = 1; i <= SIGNIN_LIMIT; i++) {
      expect((await attempt(`nobody${i}@example.org`, 'wrong-password', address)).status).toBe(422);
    }
    const { email } = await createAccount();
    expect((await attempt(email, PASSWORD, address)).status).toBe(429);
    expect((await attempt(email, PASSWORD)).status).toBe(303);
  });
});

describe('POST /sign-up (rate limiting per client address, D1 fallback)', () => {
  const signUp = (email: string, address: string) =>
    request('/sign-up', {
      form: { name: 'New Trainer', email, password: 'long-enough-password' },
      headers: { ...EN, 'CF-Connecting-IP': address },
    });
  const newEmail = () => `signup-${crypto.randomUUID()}@example.org`;

  it('refuses the 11th sign-up from one address within a minute with 429, and creates nothing', { timeout: 60_000 }, async () => {
    const address = clientAddress();
    await startOfWindow();
    const created: string[] = [];
    for (let i = 1; i <= SIGNIN_LIMIT; i++) {
      created.push(newEmail());
      expect((await signUp(created.at(-1)!, address)).status, `sign-up ${i}`).toBe(303);
    }
    const before = await tableCounts();
    const email = newEmail();
    const refused = await signUp(email, address);
    expect(refused.status).toBe(429);
    expect(await refused.text()).toContain(en.auth.tooManySignUps);
    expect(refused.headers.get('Set-Cookie')).toBeNull();
    expect(await tableCounts()).toEqual(before);
    expect(await count('SELECT count(*) AS n FROM users WHERE email = ?', email)).toBe(0);
    // Another address may still sign up, and signing in from this one is counted apart.
    expect((await signUp(email, clientAddress())).status).toBe(303);
    expect((await attempt(created[0]!, 'long-enough-password', address)).status).toBe(303);
  });
});

describe('allowSignInAttempt', () => {
  const d1Only = { RATE_LIMIT_STORE: 'd1' };

  it('allows ten attempts per key and window, then opens again in the next window', async () => {
    const key = [`email:${crypto.randomUUID()}`];
    const start = Math.ceil(Date.now() / SIGNIN_WINDOW_MS) * SIGNIN_WINDOW_MS;
    for (let i = 0; i < SIGNIN_LIMIT; i++) expect(await allowSignInAttempt(d1Only, db(), key, start + i)).toBe(true);
    expect(await allowSignInAttempt(d1Only, db(), key, start + 59_000)).toBe(false);
    expect(await allowSignInAttempt(d1Only, db(), key, start + SIGNIN_WINDOW_MS)).toBe(true);
  });

  it('uses the Workers binding, not D1, when configured to', async () => {
    const seen: string[] = [];
    const limiter = {
      limit: async ({ key }: { key: string }) => {
        seen.push(key);
        return { success: key !== 'ip:blocked' };
      },
    };
    const keys = [`email:${crypto.randomUUID()}`, 'ip:blocked'];
    const env = { SIGNIN_LIMITER: limiter, RATE_LIMIT_STORE: 'binding' };
    expect(await allowSignInAttempt(env, db(), keys)).toBe(false);
    expect(await allowSignInAttempt(env, db(), [keys[0]!])).toBe(true);
    expect(seen).toEqual([...keys, keys[0]]);
    expect(await count('SELECT count(*) AS n FROM rate_limits WHERE key = ?', keys[0])).toBe(0);
  });
});
