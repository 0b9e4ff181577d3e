import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import { env, exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { hashSessionToken } from '../../src/auth/session';
import { en } from '../../src/i18n/en';
import { app } from '../../src/index';
import { clientAddress, count, createAccount, EN, escaped, expectSignInRedirect, ORIGIN, PASSWORD, request, tableCounts } from '../helpers';

/** Sign-in attempts from distinct addresses, so only the per-email limit could ever apply. */
const signInForm = (form: Record<string, string>) => request('/sign-in', { form, headers: { ...EN, 'CF-Connecting-IP': clientAddress() } });

const sessionsOf = (userId: number) => count('SELECT count(*) AS n FROM sessions WHERE user_id = ?', userId);

function sessionToken(response: Response): string | null {
  return /__Host-warsztat_session=([^;]+)/.exec(response.headers.get('Set-Cookie') ?? '')?.[1] ?? null;
}

describe('GET /sign-in', () => {
  it('shows the form and keeps a local return path', async () => {
    const response = await request('/sign-in?next=%2Fcourses%2Ftest-course', { headers: EN });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('<form method="post" action="/sign-in"');
    expect(html).toContain('<input type="hidden" name="next" value="/courses/test-course"/>');
  });

  it('drops a return path that leaves the site', async () => {
    for (const next of ['//evil.example', 'https://evil.example', '/\\evil.example', 'javascript:alert(1)']) {
      const html = await (await request(`/sign-in?next=${encodeURIComponent(next)}`)).text();
      expect(html, next).toContain('<input type="hidden" name="next" value=""/>');
    }
  });
});

describe('POST /sign-in', () => {
  it('signs in, creates one session and goes to My learning', async () => {
    const { id, email } = await createAccount();
    const response = await signInForm({ email, password: PASSWORD });
    expect(response.status).toBe(303);
    expect(response.headers.get('Location')).toBe('/learning');
    const token = sessionToken(response);
    expect(token).toBeTruthy();
    expect(await sessionsOf(id)).toBe(1);
    expect(await count('SELECT count(*) AS n FROM sessions WHERE id = ?', await hashSessionToken(token!))).toBe(1);
  });

  it('takes an admin to the admin page, unless a next path says otherwise', async () => {
    const { email } = await createAccount('admin');
    expect((await signInForm({ email, password: PASSWORD })).headers.get('Location')).toBe('/admin');
    const back = await signInForm({ email, password: PASSWORD, next: '/courses/test-course' });
    expect(back.headers.get('Location')).toBe('/courses/test-course');
  });

  it('accepts the email in any case and with spaces around it', async () => {
    const { email } = await createAccount();
    const response = await signInForm({ email: `  ${email.toUpperCase()} `, password: PASSWORD });
    expect(response.status).toBe(303);
  });

  it('returns to a local next path, and never to another site', async () => {
    const { email } = await createAccount();
    const local = await signInForm({ email, password: PASSWORD, next: '/courses/test-course?x=1' });
    expect(local.headers.get('Location')).toBe('/courses/test-course?x=1');
    for (const next of ['//evil.example', 'https://evil.example/', '/\\evil.example']) {
      const response = await signInForm({ email, password: PASSWORD, next });
      expect(response.status, next).toBe(303);
      expect(response.headers.get('Location'), next).toBe('/learning');
    }
  });

  it('refuses a wrong password with 422, the typed email and the clear message, and no session', async () => {
    const { id, email } = await createAccount();
    const response = await signInForm({ email, password: 'not-the-password' });
    expect(response.status).toBe(422);
    const html = await response.text();
    expect(html).toContain(en.auth.wrongCredentials);
    expect(html).toContain(`value="${email}"`);
    expect(response.headers.get('Set-Cookie')).toBeNull();
    expect(await sessionsOf(id)).toBe(0);
  });

  it('answers an unknown email with the very same message', async () => {
    const before = await tableCounts();
    const response = await signInForm({ email: 'nobody@example.org', password: 'whatever-password' });
    expect(response.status).toBe(422);
    const html = await response.text();
    expect(html).toContain(en.auth.wrongCredentials);
    expect(html).toContain('value="nobody@example.org"');
    expect(await tableCounts()).toEqual(before);
  });

  it('refuses a malformed email, an empty password and an over-long one with 422', async () => {
    const { email } = await createAccount();
    const cases: [Record<string, string>, string][] = [
      [{ email: 'not-an-email', password: PASSWORD }, en.errors.invalidEmail],
      [{ email, password: '' }, en.auth.wrongCredentials],
      [{ email, password: 'x'.repeat(201) }, en.errors.passwordTooLong],
      [{}, en.errors.invalidEmail],
    ];
    const before = await tableCounts();
    for (const [form, message] of cases) {
      const response = await signInForm(form);
      expect(response.status, JSON.stringify(form)).toBe(422);
      expect(await response.text()).toContain(escaped(message));
    }
    expect(await tableCounts()).toEqual(before);
  });
});

describe('GET /sign-up', () => {
  it('shows the form while sign-up is open', async () => {
    const response = await request('/sign-up', { headers: EN });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('<form method="post" action="/sign-up"');
  });

  it('is 403 with a clear message when sign-up is closed', async () => {
    const ctx = createExecutionContext();
    const response = await app.fetch(new Request(`${ORIGIN}/sign-up`, { headers: EN }), { ...env, SIGNUP_OPEN: 'false' }, ctx);
    await waitOnExecutionContext(ctx);
    expect(response.status).toBe(403);
    const html = await response.text();
    expect(html).toContain(escaped(en.auth.signupClosed));
    expect(html).not.toContain('action="/sign-up"');
  });
});

describe('POST /sign-up', () => {
  const form = (overrides: Record<string, string> = {}) => ({
    name: 'New Trainer',
    email: `new-${crypto.randomUUID().slice(0, 8)}@example.org`,
    password: 'long-enough-password',
    ...overrides,
  });

  it('creates the account, signs in, and stores the email normalised', async () => {
    const fields = form();
    const response = await request('/sign-up', { form: { ...fields, email: ` ${fields.email.toUpperCase()} ` }, headers: EN });
    expect(response.status).toBe(303);
    expect(response.headers.get('Location')).toBe('/courses');
    const user = await env.DB.prepare('SELECT id, name, role, preferred_language AS lang, password_hash AS hash FROM users WHERE email = ?')
      .bind(fields.email)
      .first<{ id: number; name: string; role: string; lang: string; hash: string }>();
    expect(user).toMatchObject({ name: 'New Trainer', role: 'trainer', lang: 'en' });
    expect(user!.hash).not.toContain('long-enough-password');
    expect(user!.hash).toMatch(/^pbkdf2-sha256\$100000\$/);
    expect(await sessionsOf(user!.id)).toBe(1);
    const token = sessionToken(response);
    const page = await request('/learning', { cookie: `__Host-warsztat_session=${token}` });
    expect(page.status).toBe(200);
  });

  it('refuses a short password, a bad email or no name with 422, keeps the typed values, writes nothing', async () => {
    const before = await tableCounts();
    const cases: [Record<string, string>, string][] = [
      [form({ password: 'tiny-pw', email: 'typed@example.org', name: 'Typed Name' }), en.errors.passwordTooShort(10)],
      [form({ email: 'typed-at-example.org', name: 'Typed Name' }), en.errors.invalidEmail],
      [form({ name: '   ', email: 'typed@example.org' }), en.errors.nameRequired],
    ];
    for (const [fields, message] of cases) {
      const response = await request('/sign-up', { form: fields, headers: EN });
      expect(response.status, message).toBe(422);
      const html = await response.text();
      expect(html).toContain(escaped(message));
      expect(html).toContain(`value="${fields.email}"`);
      expect(html).toContain(`value="${fields.name}"`);
      expect(html).not.toContain(fields.password);
      expect(response.headers.get('Set-Cookie')).toBeNull();
    }
    expect(await tableCounts()).toEqual(before);
  });

  it('does not repeat the password hint in the password error', async () => {
    const response = await request('/sign-up', { form: form({ password: 'tiny-pw' }), headers: EN });
    expect(response.status).toBe(422);
    const html = await response.text();
    expect(html).toContain(`<p class="hint" id="password-hint">${escaped(en.auth.passwordHint(10))}</p>`);
    expect(html).toContain(`<p class="field-error" id="password-error">${escaped(en.errors.passwordTooShort(10))}</p>`);
    expect(en.auth.passwordHint(10)).not.toContain(en.errors.passwordTooShort(10));
    expect(en.errors.passwordTooShort(10)).not.toContain('10');
  });

  it('gives each missing or repeated field its own message', async () => {
    const before = await tableCounts();
    const missing = await request('/sign-up', { form: {}, headers: EN });
    expect(missing.status).toBe(422);
    const html = await missing.text();
    for (const message of [en.errors.nameRequired, en.errors.invalidEmail, en.errors.passwordTooShort(10)]) {
      expect(html).toContain(escaped(message));
    }
    const repeated = await request('/sign-up', {
      form: { ...form(), email: ['one@example.org', 'two@example.org'] },
      headers: EN,
    });
    expect(repeated.status).toBe(422);
    expect(await repeated.text()).toContain(escaped(en.errors.invalidEmail));
    expect(await tableCounts()).toEqual(before);
  });

  it('refuses an email that is taken, in any case, writing nothing', async () => {
    const { email } = await createAccount();
    const before = await tableCounts();
    const response = await request('/sign-up', { form: form({ email: email.toUpperCase() }), headers: EN });
    expect(response.status).toBe(422);
    expect(await response.text()).toContain(en.auth.emailTaken);
    expect(await tableCounts()).toEqual(before);
  });

  it('is 403 when sign-up is closed, and writes nothing', async () => {
    const before = await tableCounts();
    const ctx = createExecutionContext();
    const body = new URLSearchParams(form());
    const response = await app.fetch(
      new Request(`${ORIGIN}/sign-up`, { method: 'POST', body, headers: { ...EN, Origin: ORIGIN } }),
      { ...env, SIGNUP_OPEN: 'false' },
      ctx,
    );
    await waitOnExecutionContext(ctx);
    expect(response.status).toBe(403);
    expect(await response.text()).toContain(escaped(en.auth.signupClosed));
    expect(await tableCounts()).toEqual(before);
  });
});

describe('POST /sign-out', () => {
  it('deletes the session row, clears the cookie, and the old cookie stops working', async () => {
    const { id, email } = await createAccount();
    const token = sessionToken(await signInForm({ email, password: PASSWORD }))!;
    const cookie = `__Host-warsztat_session=${token}`;
    expect((await request('/learning', { cookie })).status).toBe(200);

    const response = await request('/sign-out', { form: {}, cookie });
    expect(response.status).toBe(303);
    expect(response.headers.get('Location')).toBe('/courses');
    expect(response.headers.get('Set-Cookie')).toMatch(/__Host-warsztat_session=;.*Max-Age=0/);
    expect(await sessionsOf(id)).toBe(0);

    const after = await request('/learning', { cookie });
    expectSignInRedirect(after, '/learning');
  });

  it('signs out only the session it is sent with', async () => {
    const { id, email } = await createAccount();
    const laptop = `__Host-warsztat_session=${sessionToken(await signInForm({ email, password: PASSWORD }))}`;
    const phone = `__Host-warsztat_session=${sessionToken(await signInForm({ email, password: PASSWORD }))}`;
    await request('/sign-out', { form: {}, cookie: laptop });
    expect(await sessionsOf(id)).toBe(1);
    expect((await request('/learning', { cookie: phone })).status).toBe(200);
  });

  it('sends a visitor without a session back to the catalogue', async () => {
    const response = await request('/sign-out', { form: {} });
    expect(response.status).toBe(303);
    expect(response.headers.get('Location')).toBe('/courses');
  });
});

describe('oversized forms (POST /sign-in, POST /sign-up)', () => {
  const MEGABYTE = 'x'.repeat(1024 * 1024);

  it('refuses a 1 MB field with 413 and a clear page, without echoing it or writing anything', async () => {
    const { email } = await createAccount();
    const before = await tableCounts();
    const forms: [string, Record<string, string>][] = [
      ['/sign-in', { email, password: MEGABYTE }],
      ['/sign-in', { email: `${MEGABYTE}@example.org`, password: PASSWORD }],
      ['/sign-up', { name: MEGABYTE, email: 'big@example.org', password: 'long-enough-password' }],
      ['/sign-up', { name: 'Big', email: 'big@example.org', password: 'long-enough-password', extra: MEGABYTE }],
    ];
    for (const [path, form] of forms) {
      const response = await request(path, { form, headers: { ...EN, 'CF-Connecting-IP': clientAddress() } });
      expect(response.status, path).toBe(413);
      const html = await response.text();
      expect(html).toContain(en.errors.tooLarge);
      expect(html).not.toContain('x'.repeat(1000));
      expect(response.headers.get('Set-Cookie')).toBeNull();
    }
    expect(await tableCounts()).toEqual(before);
  });

  it('refuses a body whose Content-Length is too large before reading it', async () => {
    // A body that never ends: the handler would wait forever if it read before checking the length.
    const endless = new ReadableStream({ pull: () => new Promise(() => {}) });
    const response = await exports.default.fetch(
      new Request(`${ORIGIN}/sign-up`, {
        method: 'POST',
        body: endless,
        headers: { ...EN, Origin: ORIGIN, 'Content-Type': 'application/x-www-form-urlencoded', 'Content-Length': String(10 * 1024 * 1024) },
      }),
    );
    expect(response.status).toBe(413);
  });

  it("echoes a long value back only up to its field's maximum", async () => {
    const long = 'y'.repeat(5000);
    const signUp = await request('/sign-up', { form: { name: long, email: `${long}@example.org`, password: 'short' }, headers: EN });
    expect(signUp.status).toBe(422);
    const page = await signUp.text();
    expect(page).toContain(`value="${'y'.repeat(120)}"`);
    expect(page).not.toContain('y'.repeat(255));
    const signIn = await signInForm({ email: `${long}@example.org`, password: 'whatever', next: `/${long}` });
    expect(signIn.status).toBe(422);
    expect(await signIn.text()).not.toContain('y'.repeat(500));
  });
});
