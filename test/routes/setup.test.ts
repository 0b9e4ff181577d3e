import { describe, expect, it } from 'vitest';
import { isSetupToken } from '../../src/auth/setup-token';
import { adminUrl, setupUrl } from '../../src/urls';
import { count, request, tableCounts } from '../helpers';

// Runs before any admin exists in this file's database (storage is per test file).
const TOKEN = 'a-region-setup-secret-0123456789';
const withToken = { SETUP_TOKEN: TOKEN };
const form = (overrides: Record<string, string> = {}) => ({
  token: TOKEN,
  name: 'Pierwsza Administratorka',
  email: 'first-admin@region.example.org',
  password: 'a-long-enough-password',
  ...overrides,
});

describe('isSetupToken', () => {
  it('accepts only the configured secret, and never a short or missing one', async () => {
    expect(await isSetupToken(TOKEN, TOKEN)).toBe(true);
    expect(await isSetupToken(`${TOKEN}x`, TOKEN)).toBe(false);
    expect(await isSetupToken('', TOKEN)).toBe(false);
    expect(await isSetupToken('short', 'short')).toBe(false);
    expect(await isSetupToken('anything', undefined)).toBe(false);
  });
});

describe('GET /setup', () => {
  it('does not exist while no setup secret is set', async () => {
    expect((await request(setupUrl())).status).toBe(404);
  });

  it('shows the form while the region has no admin', async () => {
    const response = await request(setupUrl(), { env: withToken });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('name="token"');
  });
});

describe('POST /setup', () => {
  it('refuses a wrong secret with 403 and writes nothing', async () => {
    const before = await tableCounts();
    const response = await request(setupUrl(), { form: form({ token: 'not-the-secret-at-all' }), env: withToken });
    expect(response.status).toBe(403);
    expect(await tableCounts()).toEqual(before);
  });

  it('answers 422 per field for bad input and writes nothing', async () => {
    const before = await tableCounts();
    const response = await request(setupUrl(), { form: form({ email: 'nope', password: 'short' }), env: withToken });
    expect(response.status).toBe(422);
    const html = await response.text();
    expect(html).toContain('f-email-error');
    expect(html).toContain('f-password-error');
    expect(await tableCounts()).toEqual(before);
  });

  it('refuses everything when the secret is not set', async () => {
    const response = await request(setupUrl(), { form: form() });
    expect(response.status).toBe(404);
    expect(await count(`SELECT count(*) AS n FROM users WHERE role = 'admin'`)).toBe(0);
  });

  it('creates exactly one first admin, signs them in, and is gone afterwards', async () => {
    // Two people completing the setup at the same moment: one admin.
    const [a, b] = await Promise.all([
      request(setupUrl(), { form: form(), env: withToken }),
      request(setupUrl(), { form: form({ email: 'second@region.example.org' }), env: withToken }),
    ]);
    expect([a.status, b.status].sort()).toEqual([303, 404]);
    expect(await count(`SELECT count(*) AS n FROM users WHERE role = 'admin'`)).toBe(1);
    const winner = a.status === 303 ? a : b;
    expect(winner.headers.get('Location')).toBe(adminUrl());
    const cookie = /__Host-warsztat_session=[^;]+/.exec(winner.headers.get('Set-Cookie') ?? '')?.[0];
    expect((await request(adminUrl(), { cookie })).status).toBe(200);

    expect((await request(setupUrl(), { env: withToken })).status).toBe(404);
    const before = await tableCounts();
    expect((await request(setupUrl(), { form: form({ email: 'third@region.example.org' }), env: withToken })).status).toBe(404);
    expect(await tableCounts()).toEqual(before);
  });
});
