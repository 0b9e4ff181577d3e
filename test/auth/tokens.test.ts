import { describe, expect, it } from 'vitest';
import { HOUR_MS, hashToken, issueToken, linkToken } from '../../src/auth/tokens';

describe('link tokens (src/auth/tokens.ts)', () => {
  it('issues 160-bit random tokens in lowercase base32, different every time', async () => {
    const tokens = await Promise.all(Array.from({ length: 20 }, () => issueToken(HOUR_MS)));
    for (const { token } of tokens) expect(token).toMatch(/^[a-z2-7]{32}$/);
    expect(new Set(tokens.map((t) => t.token)).size).toBe(20);
  });

  it('keeps only the SHA-256 of the token for the database', async () => {
    const issued = await issueToken(HOUR_MS);
    expect(issued.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(issued.hash).not.toContain(issued.token);
    expect(await hashToken(issued.token)).toBe(issued.hash);
    const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(issued.token));
    expect(issued.hash).toBe([...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join(''));
  });

  it('expires after the lifetime it is given', async () => {
    const now = 1_700_000_000_000;
    expect((await issueToken(HOUR_MS, now)).expiresAt).toBe(now + HOUR_MS);
    expect((await issueToken(24 * HOUR_MS, now)).expiresAt).toBe(now + 24 * HOUR_MS);
  });

  it('accepts only the shape it issues in a link', () => {
    expect(linkToken.safeParse('a'.repeat(32)).success).toBe(true);
    for (const bad of ['a'.repeat(31), 'a'.repeat(33), 'A'.repeat(32), '1'.repeat(32), `${'a'.repeat(31)}/`, '']) {
      expect(linkToken.safeParse(bad).success, bad).toBe(false);
    }
  });
});
