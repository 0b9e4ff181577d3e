import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { en } from '../../../src/i18n/en';
import { clientAddress, createAccount, EN, escaped, expectSignInRedirect, PASSWORD, request, signIn, trainerSession } from '../../helpers';

const signInAs = (email: string, password: string) =>
  request('/sign-in', { form: { email, password }, headers: { ...EN, 'CF-Connecting-IP': clientAddress() } });

describe('POST /sign-in for a deactivated account', () => {
  it('is refused with its own message once the password is right, and starts no session', async () => {
    const { id, email } = await createAccount();
    await env.DB.prepare('UPDATE users SET deactivated_at = 1 WHERE id = ?').bind(id).run();
    const response = await signInAs(email, PASSWORD);
    expect(response.status).toBe(403);
    expect(response.headers.get('Set-Cookie') ?? '').not.toContain('__Host-warsztat_session=');
    const html = await response.text();
    expect(html).toContain(escaped(en.auth.deactivated));
    expect(html).not.toContain(escaped(en.auth.wrongCredentials));
    const sessions = await env.DB.prepare('SELECT count(*) AS n FROM sessions WHERE user_id = ?').bind(id).first<{ n: number }>();
    expect(sessions?.n).toBe(0);
  });

  it('says only "wrong password" to someone without the password: it does not tell which accounts exist', async () => {
    const { id, email } = await createAccount();
    await env.DB.prepare('UPDATE users SET deactivated_at = 1 WHERE id = ?').bind(id).run();
    const response = await signInAs(email, 'not-the-password');
    expect(response.status).toBe(422);
    const html = await response.text();
    expect(html).toContain(escaped(en.auth.wrongCredentials));
    expect(html).not.toContain(escaped(en.auth.deactivated));
  });

  it('works again after reactivation', async () => {
    const { id, email } = await createAccount();
    await env.DB.prepare('UPDATE users SET deactivated_at = 1 WHERE id = ?').bind(id).run();
    expect((await signInAs(email, PASSWORD)).status).toBe(403);
    await env.DB.prepare('UPDATE users SET deactivated_at = NULL WHERE id = ?').bind(id).run();
    expect((await signInAs(email, PASSWORD)).status).toBe(303);
  });
});

// The second line of defence: deactivation deletes the sessions, and a session that somehow
// outlived it (or a deleted account's) still finds no user.
describe('readSession', () => {
  it('ignores the sessions of a deactivated or deleted account', async () => {
    for (const column of ['deactivated_at', 'deleted_at']) {
      const trainer = await trainerSession();
      expect((await request('/learning', { cookie: trainer.cookie })).status).toBe(200);
      await env.DB.prepare(`UPDATE users SET ${column} = 1 WHERE id = ?`).bind(trainer.id).run();
      const response = await request('/learning', { cookie: trainer.cookie });
      expectSignInRedirect(response, '/learning');
      // The stale cookie is cleared too.
      expect(response.headers.get('Set-Cookie') ?? '').toContain('__Host-warsztat_session=;');
    }
  });

  it('still reads an active account', async () => {
    const { email } = await createAccount();
    const cookie = await signIn(email);
    expect((await request('/learning', { cookie })).status).toBe(200);
  });
});
