import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { SIGNIN_LIMIT } from '../../src/auth/rate-limit';
import { SESSION_COOKIE } from '../../src/auth/session';
import { en } from '../../src/i18n/en';
import { acceptInvitationUrl, courseUrl, invitationsUrl, learningUrl, signInUrl } from '../../src/urls';
import {
  count,
  createAccount,
  EN,
  escaped,
  expectSignInRedirect,
  importFixture,
  lastMailTo,
  linkIn,
  PASSWORD,
  request,
  roundTrips,
  signIn,
  tableCounts,
  trainerSession,
} from '../helpers';

let admin: { cookie: string };
let defaultCohort: number;
let fullCohort: number;

beforeAll(async () => {
  await importFixture();
  admin = await trainerSession('admin');
  defaultCohort = (await env.DB.prepare(
    "SELECT h.id FROM cohorts h JOIN courses c ON c.id = h.course_id WHERE c.slug = 'test-course' AND h.is_default = 1",
  ).first<{ id: number }>())!.id;
  fullCohort = (await env.DB.prepare(
    "INSERT INTO cohorts (course_id, name, capacity) SELECT id, 'Full', 0 FROM courses WHERE slug = 'test-course' RETURNING id",
  ).first<{ id: number }>())!.id;
});

let serial = 0;
const fresh = () => `invitee-${++serial}-${crypto.randomUUID().slice(0, 6)}@example.org`;

/** Invites `line` as the admin does, and returns the link from the email (a path). */
async function invited(line: string, cohort: number | null = defaultCohort, language = 'en') {
  const response = await request(invitationsUrl(), {
    form: { list: line, defaultLanguage: language, cohort: cohort === null ? '' : String(cohort) },
    cookie: admin.cookie,
  });
  if (response.status !== 200) throw new Error(`invite failed: ${response.status}`);
  const email = /[^\s<>,]+@[^\s<>,]+/.exec(line)![0];
  return linkIn((await lastMailTo(email))!, '/invitations/');
}

const account = { name: 'Ina Invitee', password: 'a-long-password', confirm: 'a-long-password' };
const CLOSED = { SIGNUP_OPEN: 'false' };

const user = (email: string) =>
  env.DB.prepare('SELECT id, name, preferred_language AS language FROM users WHERE email = ?')
    .bind(email)
    .first<{ id: number; name: string; language: string }>();

describe('GET /invitations/:token', () => {
  it('asks a new invitee for a name (pre-filled) and a password, in one round trip, also with sign-up closed', async () => {
    const link = await invited(`Ina Invitee <${fresh()}>`);
    const response = await request(link, { headers: EN, env: CLOSED });
    expect(response.status).toBe(200);
    expect(roundTrips(response)).toBe(1);
    const html = await response.text();
    expect(html).toContain('value="Ina Invitee"');
    expect(html).toContain('name="confirm"');
    expect(html).toContain(`“Test course” (${en.cohorts.defaultName})`);
  });

  it('answers 404 for an unknown or malformed token, 410 for an expired one', async () => {
    expect((await request(`/invitations/${'a'.repeat(32)}`)).status).toBe(404);
    expect((await request('/invitations/not-a-token')).status).toBe(404);
    const email = fresh();
    const link = await invited(email);
    await env.DB.prepare('UPDATE invitations SET expires_at = 1 WHERE email = ?').bind(email).run();
    const expired = await request(link, { headers: EN });
    expect(expired.status).toBe(410);
    const html = await expired.text();
    expect(html).toContain(en.invitations.accept.expiredTitle);
    expect(html).toContain(en.invitations.accept.expired);
  });

  it('asks an invitee with an account to sign in, then offers Accept; someone else signed in is told and offered sign-out', async () => {
    const member = await createAccount();
    // An invitation made before the account existed (an admin invites addresses without one).
    const link = await invited(member.email.replace('@', '+later@'));
    await env.DB.prepare('UPDATE invitations SET email = ? WHERE email = ?').bind(member.email, member.email.replace('@', '+later@')).run();
    const anonymous = await (await request(link, { headers: EN })).text();
    expect(anonymous).toContain(en.invitations.accept.signInLead);
    expect(anonymous).toContain(`href="${escaped(signInUrl(link))}"`);
    const mine = await (await request(link, { cookie: await signIn(member.email), headers: EN })).text();
    expect(mine).toContain(`action="${acceptInvitationUrl(link.split('/').at(-1)!)}"`);
    const other = await trainerSession();
    const theirs = await (await request(link, { cookie: other.cookie, headers: EN })).text();
    expect(theirs).toContain(escaped(en.invitations.accept.wrongAccount(member.email, other.email)));
    expect(theirs).toContain('action="/sign-out"');
    // A new-account submission for an address that has an account writes nothing and asks to sign in.
    const before = await tableCounts();
    const refused = await request(link, { form: account, headers: EN });
    expect(refused.status).toBe(422);
    expect(await refused.text()).toContain(en.invitations.accept.signInLead);
    expect(await tableCounts()).toEqual(before);
  });
});

describe('POST /invitations/:token', () => {
  it('creates the account in the invitation’s language, enrols it, signs it in and opens the course: one round trip', async () => {
    const email = fresh();
    const link = await invited(`Ina <${email}>`, defaultCohort, 'pl');
    // The regions' rate-limit binding: the throttle costs no round trip (the local D1 counter costs one).
    const response = await request(link, { form: { ...account, name: '  Ina Nowa  ' }, env: { ...CLOSED, RATE_LIMIT_STORE: 'binding' } });
    expect(response.status).toBe(303);
    expect(response.headers.get('Location')).toBe(courseUrl('test-course'));
    expect(roundTrips(response)).toBe(1);
    const created = (await user(email))!;
    expect(created).toMatchObject({ name: 'Ina Nowa', language: 'pl' });
    expect(
      await count(
        'SELECT count(*) AS n FROM enrolments WHERE user_id = ? AND cohort_id = ? AND withdrawn_at IS NULL',
        created.id,
        defaultCohort,
      ),
    ).toBe(1);
    expect(
      await count(
        'SELECT count(*) AS n FROM invitations WHERE email = ? AND accepted_by = ? AND accepted_at IS NOT NULL',
        email,
        created.id,
      ),
    ).toBe(1);
    const cookie = /__Host-warsztat_session=([^;]+)/.exec(response.headers.get('Set-Cookie') ?? '')?.[1];
    expect(cookie).toBeTruthy();
    const course = await request(courseUrl('test-course'), { cookie: `${SESSION_COOKIE}=${cookie}` });
    expect(course.status).toBe(200);

    // The link is used up: a second submission writes nothing and says so.
    const before = await tableCounts();
    const again = await request(link, { form: { ...account, password: 'another-password', confirm: 'another-password' }, headers: EN });
    expect(again.status).toBe(200);
    expect(await again.text()).toContain(en.invitations.accept.acceptedTitle);
    expect(await tableCounts()).toEqual(before);
  });

  it('puts the new account on the waitlist of a full cohort and says so; without a cohort it lands on My learning', async () => {
    const waiting = fresh();
    const link = await invited(waiting, fullCohort);
    const response = await request(link, { form: account });
    expect(response.status).toBe(303);
    expect(response.headers.get('Location')).toBe(link);
    const cookie = `${SESSION_COOKIE}=${/__Host-warsztat_session=([^;]+)/.exec(response.headers.get('Set-Cookie') ?? '')?.[1]}`;
    const landing = await request(link, { cookie, headers: EN });
    expect(landing.status).toBe(200);
    expect(await landing.text()).toContain(escaped(en.invitations.accept.welcomeWaiting('Test course')));
    const { id } = (await user(waiting))!;
    expect(await count('SELECT count(*) AS n FROM waitlist WHERE user_id = ? AND cohort_id = ?', id, fullCohort)).toBe(1);

    const loose = await invited(fresh(), null);
    const free = await request(loose, { form: account });
    expect(free.status).toBe(303);
    expect(free.headers.get('Location')).toBe(learningUrl());
  });

  it('answers 422 with the typed name and a message per field, and writes nothing', async () => {
    const link = await invited(fresh());
    const before = await tableCounts();
    const short = await request(link, { form: { name: 'Typed Name', password: 'short', confirm: 'short' }, headers: EN });
    expect(short.status).toBe(422);
    expect(roundTrips(short)).toBe(1);
    const html = await short.text();
    expect(html).toContain('value="Typed Name"');
    expect(html).toContain(en.errors.passwordTooShort(10));
    const mismatch = await request(link, { form: { ...account, confirm: 'something-else' }, headers: EN });
    expect(mismatch.status).toBe(422);
    expect(await mismatch.text()).toContain(en.invitations.accept.mismatch);
    const noName = await request(link, { form: { ...account, name: ' ' }, headers: EN });
    expect(noName.status).toBe(422);
    expect(await tableCounts()).toEqual(before);
  });

  it('throttles account creation per client address before hashing a password: 429, nothing written', async () => {
    const client = { ...EN, 'CF-Connecting-IP': '203.0.113.77' };
    // Made-up tokens cost a hash each: they count, as every sign-up attempt does.
    for (let i = 0; i < SIGNIN_LIMIT; i++) {
      expect((await request(`/invitations/${'c'.repeat(32)}`, { form: account, headers: client })).status).toBe(404);
    }
    const email = fresh();
    const link = await invited(`Ola <${email}>`);
    const before = await tableCounts();
    const refused = await request(link, { form: { ...account, name: 'Ola Typed' }, headers: client });
    expect(refused.status).toBe(429);
    const html = await refused.text();
    expect(html).toContain(en.auth.tooManySignUps);
    expect(html).toContain('value="Ola Typed"');
    expect(await user(email)).toBeNull();
    const { users, sessions, enrolments, invitations } = before;
    expect(await tableCounts()).toMatchObject({ users, sessions, enrolments, invitations });
    // Another address is not held up.
    expect((await request(link, { form: account, headers: { ...EN, 'CF-Connecting-IP': '203.0.113.78' } })).status).toBe(303);
  });

  it('answers 404 for an unknown token and 410 for a withdrawn invitation, writing nothing', async () => {
    const before = await tableCounts();
    expect((await request(`/invitations/${'b'.repeat(32)}`, { form: account })).status).toBe(404);
    const email = fresh();
    const link = await invited(email);
    const { id } = (await env.DB.prepare('SELECT id FROM invitations WHERE email = ?').bind(email).first<{ id: number }>())!;
    await request(`${invitationsUrl()}/${id}/revoke`, { form: {}, cookie: admin.cookie });
    const after = await tableCounts();
    const refused = await request(link, { form: account, headers: EN });
    expect(refused.status).toBe(410);
    expect(await refused.text()).toContain(en.invitations.accept.revoked);
    expect(await user(email)).toBeNull();
    expect((await tableCounts()).users).toBe(after.users);
    expect(after.users).toBe(before.users);
  });
});

describe('POST /invitations/:token/accept', () => {
  it('accepts as the signed-in account of the invited address and enrols it: one round trip', async () => {
    const member = await createAccount();
    const later = member.email.replace('@', '+x@');
    const link = await invited(later);
    await env.DB.prepare('UPDATE invitations SET email = ? WHERE email = ?').bind(member.email, later).run();
    const token = link.split('/').at(-1)!;
    const cookie = await signIn(member.email, PASSWORD);
    const response = await request(acceptInvitationUrl(token), { form: {}, cookie });
    expect(response.status).toBe(303);
    expect(response.headers.get('Location')).toBe(courseUrl('test-course'));
    expect(roundTrips(response)).toBe(1);
    expect(
      await count(
        'SELECT count(*) AS n FROM enrolments WHERE user_id = ? AND cohort_id = ? AND withdrawn_at IS NULL',
        member.id,
        defaultCohort,
      ),
    ).toBe(1);
    expect(await count('SELECT count(*) AS n FROM invitations WHERE accepted_by = ?', member.id)).toBe(1);
  });

  it('refuses someone else (403, nothing written), 404 for an unknown token, and sends visitors to sign in', async () => {
    const member = await createAccount();
    const later = member.email.replace('@', '+y@');
    const link = await invited(later);
    await env.DB.prepare('UPDATE invitations SET email = ? WHERE email = ?').bind(member.email, later).run();
    const token = link.split('/').at(-1)!;
    const other = await trainerSession();
    const before = await tableCounts();
    const refused = await request(acceptInvitationUrl(token), { form: {}, cookie: other.cookie, headers: EN });
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain(escaped(en.invitations.accept.wrongAccount(member.email, other.email)));
    expect(await tableCounts()).toEqual(before);
    expect((await request(acceptInvitationUrl('c'.repeat(32)), { form: {}, cookie: other.cookie })).status).toBe(404);
    expectSignInRedirect(await request(acceptInvitationUrl(token), { form: {} }), link);
  });
});
