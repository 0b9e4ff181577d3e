import { env, exports } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { hashSessionToken } from '../../../src/auth/session';
import { en } from '../../../src/i18n/en';
import { pl } from '../../../src/i18n/pl';
import { invitationsUrl, newInvitationsUrl, resendInvitationUrl, revokeInvitationUrl } from '../../../src/urls';
import {
  count,
  createAccount,
  EN,
  escaped,
  expectSignInRedirect,
  importFixture,
  lastMailTo,
  linkIn,
  ORIGIN,
  request,
  roundTrips,
  tableCounts,
  trainerSession,
} from '../../helpers';

let admin: { id: number; email: string; cookie: string };
let trainer: { cookie: string };
let defaultCohort: number;
let fullCohort: number;

beforeAll(async () => {
  await importFixture();
  admin = await trainerSession('admin');
  await env.DB.prepare("UPDATE users SET name = 'Ada Admin' WHERE id = ?").bind(admin.id).run();
  trainer = await trainerSession();
  defaultCohort = (await env.DB.prepare(
    "SELECT h.id FROM cohorts h JOIN courses c ON c.id = h.course_id WHERE c.slug = 'test-course' AND h.is_default = 1",
  ).first<{ id: number }>())!.id;
  fullCohort = (await env.DB.prepare(
    "INSERT INTO cohorts (course_id, name, capacity) SELECT id, 'Spring 2027', 0 FROM courses WHERE slug = 'test-course' RETURNING id",
  ).first<{ id: number }>())!.id;
});

let serial = 0;
const fresh = (name = 'guest') => `${name}-${++serial}-${crypto.randomUUID().slice(0, 6)}@example.org`;

const invite = (form: Record<string, string>, options: { cookie?: string; env?: Partial<Cloudflare.Env> } = {}) =>
  request(invitationsUrl(), {
    form: { defaultLanguage: 'en', cohort: '', list: '', ...form },
    cookie: options.cookie ?? admin.cookie,
    headers: EN,
    ...(options.env ? { env: options.env } : {}),
  });

function upload(file: File, fields: Record<string, string> = {}) {
  const body = new FormData();
  body.set('file', file);
  body.set('defaultLanguage', fields.defaultLanguage ?? 'pl');
  body.set('cohort', fields.cohort ?? '');
  body.set('list', fields.list ?? '');
  return exports.default.fetch(
    new Request(`${ORIGIN}${invitationsUrl()}`, {
      method: 'POST',
      body,
      headers: { Origin: ORIGIN, Cookie: admin.cookie, ...EN },
      redirect: 'manual',
    }),
  );
}

const invitation = (email: string) =>
  env.DB.prepare('SELECT * FROM invitations WHERE email = ? ORDER BY id DESC').bind(email).first<{
    id: number;
    token_hash: string;
    name: string;
    language: string;
    cohort_id: number | null;
    invited_by: number;
    created_at: number;
    expires_at: number;
    accepted_at: number | null;
    revoked_at: number | null;
  }>();

/** The result page's row for a line, as text. */
function resultRow(html: string, text: string): string {
  const row = html.split('<tr').find((r) => r.includes(escaped(text)));
  if (!row) throw new Error(`no result row for ${text}`);
  return row;
}

describe('GET /admin/invitations', () => {
  it('lists invitations with their state, cohort and who sent them, filters by state, in one round trip', async () => {
    const pending = fresh('pending');
    const expired = fresh('expired');
    await invite({ list: `Pat Pending <${pending}>\n${expired}`, cohort: String(defaultCohort) });
    await env.DB.prepare('UPDATE invitations SET expires_at = 1 WHERE email = ?').bind(expired).run();

    const response = await request(invitationsUrl(), { cookie: admin.cookie, headers: EN });
    expect(response.status).toBe(200);
    expect(roundTrips(response)).toBe(1);
    const html = await response.text();
    const row = resultRow(html, pending);
    expect(row).toContain('Pat Pending');
    expect(row).toContain(en.invitations.states.pending);
    expect(row).toContain(`Test course — ${en.cohorts.defaultName}`);
    expect(row).toContain('Ada Admin');
    expect(row).toContain(`action="${resendInvitationUrl((await invitation(pending))!.id)}"`);
    expect(resultRow(html, expired)).toContain(en.invitations.states.expired);

    const filtered = await (await request(`${invitationsUrl()}?state=expired`, { cookie: admin.cookie, headers: EN })).text();
    expect(filtered).toContain(escaped(expired));
    expect(filtered).not.toContain(escaped(pending));
  });

  it('answers 422 for an unknown state, 403 to trainers and sends visitors to sign in', async () => {
    const bad = await request(`${invitationsUrl()}?state=lost`, { cookie: admin.cookie, headers: EN });
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain(en.invitations.badState);
    expect((await request(invitationsUrl(), { cookie: trainer.cookie })).status).toBe(403);
    expectSignInRedirect(await request(invitationsUrl()), invitationsUrl());
  });

  it('is linked from the other admin pages', async () => {
    const html = await (await request('/admin/courses', { cookie: admin.cookie })).text();
    expect(html).toContain(`href="${invitationsUrl()}"`);
  });
});

describe('GET /admin/invitations/new', () => {
  it('offers every cohort of every course that is not archived, the default one by its name', async () => {
    const response = await request(newInvitationsUrl(), { cookie: admin.cookie, headers: EN });
    expect(response.status).toBe(200);
    expect(roundTrips(response)).toBe(1);
    const html = await response.text();
    expect(html).toContain(`<option value="${defaultCohort}">Test course — ${en.cohorts.defaultName}</option>`);
    expect(html).toContain(`<option value="${fullCohort}">Test course — Spring 2027</option>`);
    expect(html).toContain('enctype="multipart/form-data"');
  });

  it('answers 403 to trainers and sends visitors to sign in', async () => {
    expect((await request(newInvitationsUrl(), { cookie: trainer.cookie })).status).toBe(403);
    expectSignInRedirect(await request(newInvitationsUrl()), newInvitationsUrl());
  });
});

describe('POST /admin/invitations', () => {
  it('invites new addresses in their language, enrols existing accounts, explains the rest, in one round trip', async () => {
    const newcomer = fresh('newcomer');
    const polish = fresh('polish');
    const member = await createAccount('trainer', 'Mia Member');
    const response = await invite({
      list: [`Nina Newcomer <${newcomer}>`, `Paweł Polak, ${polish}, pl`, member.email, 'no address here', newcomer].join('\n'),
      cohort: String(defaultCohort),
    });
    expect(response.status).toBe(200);
    expect(roundTrips(response)).toBe(1);
    const html = await response.text();
    expect(resultRow(html, `Nina Newcomer <${newcomer}>`)).toContain(en.invitations.outcomes.invited);
    const memberRow = resultRow(html, member.email);
    expect(memberRow).toContain(en.invitations.outcomes.member);
    expect(memberRow).toContain(en.invitations.seats.enrolled);
    expect(resultRow(html, 'no address here')).toContain(en.invitations.reasons.noEmail);
    expect(html.split('<tr').at(-1)).toContain(en.invitations.reasons.duplicate);
    expect(html).not.toContain(en.invitations.mailNotSent);

    const row = (await invitation(newcomer))!;
    expect(row).toMatchObject({ name: 'Nina Newcomer', language: 'en', cohort_id: defaultCohort, invited_by: admin.id, accepted_at: null });
    expect(row.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(row.expires_at - row.created_at).toBe(14 * 24 * 3600 * 1000);
    expect(await count('SELECT count(*) AS n FROM invitations WHERE email = ?', member.email)).toBe(0);
    expect(
      await count(
        'SELECT count(*) AS n FROM enrolments WHERE user_id = ? AND cohort_id = ? AND withdrawn_at IS NULL',
        member.id,
        defaultCohort,
      ),
    ).toBe(1);
    expect(await count("SELECT count(*) AS n FROM audit_log WHERE action = 'invite' AND detail = ?", newcomer)).toBe(1);

    // The email: in the invitee's language, with a link whose token only the email holds.
    const mail = (await lastMailTo(newcomer))!;
    expect(mail.subject).toBe(en.invitations.mail.subject(env.SITE_NAME));
    expect(mail.text).toContain('Hello Nina Newcomer,');
    expect(mail.text).toContain('Ada Admin invites you');
    expect(mail.text).toContain(`“Test course” (${en.cohorts.defaultName})`);
    const link = linkIn(mail, '/invitations/');
    expect(await hashSessionToken(link.split('/').at(-1)!)).toBe(row.token_hash);
    const polishMail = (await lastMailTo(polish))!;
    expect(polishMail.subject).toBe(pl.invitations.mail.subject(env.SITE_NAME));
    expect(polishMail.text).toContain('„Kurs testowy”');
  });

  it('puts an existing account on the waitlist of a full cohort and leaves a pending invitation as it is', async () => {
    const member = await createAccount();
    const invited = fresh('twice');
    await invite({ list: invited });
    const before = (await invitation(invited))!;
    const response = await invite({ list: `${member.email}\n${invited}`, cohort: String(fullCohort) });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(resultRow(html, member.email)).toContain(en.invitations.seats.waiting);
    const again = resultRow(html, invited);
    expect(again).toContain('Already invited on');
    expect(again).toContain(`action="${resendInvitationUrl(before.id)}"`);
    expect(await count('SELECT count(*) AS n FROM invitations WHERE email = ?', invited)).toBe(1);
    expect(await count('SELECT count(*) AS n FROM waitlist WHERE user_id = ? AND cohort_id = ?', member.id, fullCohort)).toBe(1);
  });

  it('gives a deactivated account no seat and tells the admin to reactivate it first', async () => {
    const off = await createAccount();
    await env.DB.prepare('UPDATE users SET deactivated_at = 1 WHERE id = ?').bind(off.id).run();
    const response = await invite({ list: off.email, cohort: String(defaultCohort) });
    expect(response.status).toBe(200);
    expect(resultRow(await response.text(), off.email)).toContain(en.invitations.seats.deactivated);
    expect(await count('SELECT count(*) AS n FROM enrolments WHERE user_id = ?', off.id)).toBe(0);
    expect(await count('SELECT count(*) AS n FROM invitations WHERE email = ?', off.email)).toBe(0);
  });

  // 900 seat statements in the batch and 300 messages to the outbox: seconds, not milliseconds.
  it('invites the most it accepts at once (300) into a cohort in one batch', async () => {
    const tag = crypto.randomUUID().slice(0, 6);
    const list = Array.from({ length: 300 }, (_, i) => `Person ${i}, bulk${i}-${tag}@example.org`).join('\n');
    const response = await invite({ list, cohort: String(defaultCohort) });
    expect(response.status).toBe(200);
    expect(roundTrips(response)).toBe(1);
    expect(await count('SELECT count(*) AS n FROM invitations WHERE email LIKE ?', `bulk%-${tag}@example.org`)).toBe(300);
  }, 60_000);

  it('reads an uploaded CSV file from Polish Excel: semicolons, a byte order mark, a header', async () => {
    const one = fresh('csv');
    const two = fresh('csv');
    const csv = `\uFEFFImię i nazwisko;E-mail;Język\r\nŁucja Łęcka;${one};\r\n"Kowalski; Jan";${two};en\r\n`;
    const response = await upload(new File([csv], 'lista.csv', { type: 'text/csv' }));
    expect(response.status).toBe(200);
    expect(roundTrips(response)).toBe(1);
    expect(await invitation(one)).toMatchObject({ name: 'Łucja Łęcka', language: 'pl' });
    expect(await invitation(two)).toMatchObject({ name: 'Kowalski; Jan', language: 'en' });
  });

  it('tells the admin when an email could not be sent and shows the link to copy; the invitation stays pending', async () => {
    const unlucky = fresh('unlucky');
    const response = await invite({ list: unlucky }, { env: { MAIL_TRANSPORT: 'binding' } });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain(escaped(en.invitations.resultsSummary(1, 1)));
    const row = resultRow(html, unlucky);
    expect(row).toContain(escaped(en.invitations.mailNotSent));
    const link = /value="(http:\/\/localhost\/invitations\/[a-z2-7]{32})"/.exec(row)?.[1];
    expect(link).toBeTruthy();
    const stored = (await invitation(unlucky))!;
    expect(await hashSessionToken(link!.split('/').at(-1)!)).toBe(stored.token_hash);
    expect(stored.accepted_at).toBeNull();
    expect((await request(new URL(link!).pathname)).status).toBe(200);
  });

  it('answers 422 and writes nothing for an empty list, too many lines, an unknown cohort or a file not in UTF-8', async () => {
    const before = await tableCounts();
    const empty = await invite({ list: '  \n' });
    expect(empty.status).toBe(422);
    expect(roundTrips(empty)).toBe(1);
    expect(await empty.text()).toContain(en.invitations.errors.empty);
    const many = Array.from({ length: 301 }, (_, i) => `many${i}@example.org`).join('\n');
    const tooMany = await invite({ list: many });
    expect(tooMany.status).toBe(422);
    const tooManyHtml = await tooMany.text();
    expect(tooManyHtml).toContain(en.invitations.errors.tooMany(300));
    expect(tooManyHtml).toContain('many300@example.org'); // the typed list comes back
    const cohort = await invite({ list: fresh(), cohort: '999999' });
    expect(cohort.status).toBe(422);
    expect(await cohort.text()).toContain(en.invitations.errors.cohort);
    const language = await invite({ list: fresh(), defaultLanguage: 'de' });
    expect(language.status).toBe(422);
    const cp1250 = await upload(new File([new Uint8Array([0x41, 0x3b, 0xaf, 0x0a])], 'old.csv'));
    expect(cp1250.status).toBe(422);
    expect(await cp1250.text()).toContain(escaped(en.invitations.errors.notUtf8));
    expect(await tableCounts()).toEqual(before);
  });

  it('answers 413 for a file above the limit, and for a body too large to read at all', async () => {
    const before = await tableCounts();
    for (const kb of [300, 1024]) {
      const big = `${'x'.repeat(kb * 1024)}@example.org\n`;
      const response = await upload(new File([big], 'big.csv'));
      expect(response.status, `${kb} KB`).toBe(413);
      expect(await response.text()).toContain(en.invitations.errors.fileTooLarge(256));
    }
    expect(await tableCounts()).toEqual(before);
  });

  it('answers 403 to trainers (nothing written) and sends visitors to sign in', async () => {
    const before = await tableCounts();
    const response = await invite({ list: fresh() }, { cookie: trainer.cookie });
    expect(response.status).toBe(403);
    expect(await tableCounts()).toEqual(before);
    expectSignInRedirect(await request(invitationsUrl(), { form: { list: fresh() } }), '/admin');
  });
});

describe('POST /admin/invitations/:id/resend', () => {
  it('sends a new link, the old one stops working, in one round trip', async () => {
    const email = fresh('resend');
    await invite({ list: email, cohort: String(defaultCohort) });
    const oldLink = linkIn((await lastMailTo(email))!, '/invitations/');
    const { id, token_hash } = (await invitation(email))!;
    const response = await request(resendInvitationUrl(id), { form: {}, cookie: admin.cookie, headers: EN });
    expect(response.status).toBe(200);
    expect(roundTrips(response)).toBe(1);
    expect(await response.text()).toContain(escaped(en.invitations.resent(email)));
    const newLink = linkIn((await lastMailTo(email))!, '/invitations/');
    expect(newLink).not.toBe(oldLink);
    expect((await invitation(email))!.token_hash).not.toBe(token_hash);
    expect((await request(oldLink)).status).toBe(404);
    expect((await request(newLink)).status).toBe(200);
    expect(await count("SELECT count(*) AS n FROM audit_log WHERE action = 'resend' AND detail = ?", email)).toBe(1);
  });

  it('shows the link when the email could not be sent', async () => {
    const email = fresh('resend-fail');
    await invite({ list: email });
    const { id } = (await invitation(email))!;
    const response = await request(resendInvitationUrl(id), {
      form: {},
      cookie: admin.cookie,
      headers: EN,
      env: { MAIL_TRANSPORT: 'binding' },
    });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain(escaped(en.invitations.mailNotSent));
    expect(html).toMatch(/value="http:\/\/localhost\/invitations\/[a-z2-7]{32}"/);
  });

  it('answers 404 for no such invitation, 422 for a withdrawn one, 403 to trainers, sign-in to visitors', async () => {
    expect((await request(resendInvitationUrl(999999), { form: {}, cookie: admin.cookie })).status).toBe(404);
    expect((await request('/admin/invitations/abc/resend', { form: {}, cookie: admin.cookie })).status).toBe(404);
    const email = fresh('withdrawn');
    await invite({ list: email });
    const { id } = (await invitation(email))!;
    await request(revokeInvitationUrl(id), { form: {}, cookie: admin.cookie });
    const before = await tableCounts();
    const refused = await request(resendInvitationUrl(id), { form: {}, cookie: admin.cookie, headers: EN });
    expect(refused.status).toBe(422);
    expect(await refused.text()).toContain(en.invitations.cannotChange);
    expect((await request(resendInvitationUrl(id), { form: {}, cookie: trainer.cookie })).status).toBe(403);
    expect(await tableCounts()).toEqual(before);
    expectSignInRedirect(await request(resendInvitationUrl(id), { form: {} }), `${invitationsUrl()}/${id}`);
  });
});

describe('POST /admin/invitations/:id/revoke', () => {
  it('withdraws a pending invitation (the link then says so) and logs it, in one round trip', async () => {
    const email = fresh('revoke');
    await invite({ list: email });
    const link = linkIn((await lastMailTo(email))!, '/invitations/');
    const { id } = (await invitation(email))!;
    const response = await request(revokeInvitationUrl(id), { form: {}, cookie: admin.cookie });
    expect(response.status).toBe(303);
    expect(response.headers.get('Location')).toBe(invitationsUrl());
    expect(roundTrips(response)).toBe(1);
    expect((await invitation(email))!.revoked_at).not.toBeNull();
    expect(await count("SELECT count(*) AS n FROM audit_log WHERE action = 'revoke' AND detail = ?", email)).toBe(1);
    const page = await request(link, { headers: EN });
    expect(page.status).toBe(410);
    expect(await page.text()).toContain(en.invitations.accept.revokedTitle);
  });

  it('answers 422 for an invitation already withdrawn, 404 for none, 403 to trainers, sign-in to visitors', async () => {
    const email = fresh('revoke-twice');
    await invite({ list: email });
    const { id } = (await invitation(email))!;
    const trainerTry = await request(revokeInvitationUrl(id), { form: {}, cookie: trainer.cookie });
    expect(trainerTry.status).toBe(403);
    expect((await invitation(email))!.revoked_at).toBeNull();
    await request(revokeInvitationUrl(id), { form: {}, cookie: admin.cookie });
    expect((await request(revokeInvitationUrl(id), { form: {}, cookie: admin.cookie })).status).toBe(422);
    expect((await request(revokeInvitationUrl(999999), { form: {}, cookie: admin.cookie })).status).toBe(404);
    expectSignInRedirect(await request(revokeInvitationUrl(id), { form: {} }), `${invitationsUrl()}/${id}`);
  });
});
