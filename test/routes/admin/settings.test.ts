import { env, exports } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { en } from '../../../src/i18n/en';
import { fixtureImage } from '../../fixtures/images/images';
import {
  completeFixtureCourse,
  count,
  EN,
  enrolledTrainer,
  escaped,
  expectSignInRedirect,
  importFixture,
  ORIGIN,
  PASSWORD,
  request,
  roundTrips,
  tableCounts,
  trainerSession,
} from '../../helpers';

let admin: { cookie: string; id: number };
let trainer: { cookie: string };

beforeAll(async () => {
  await importFixture();
  admin = await trainerSession('admin');
  trainer = await trainerSession('trainer');
});

/** A complete, valid settings form; tests change one field at a time. */
const VALID: Record<string, string | string[]> = {
  site_name: 'Warsztat Mazowsze',
  organisation: 'Fundacja Przykładowa',
  contact_email: 'kontakt@example.org',
  languages: ['pl', 'en'],
  default_language: 'pl',
  signup_policy: 'open',
  signup_domains: '',
  privacy_pl: '',
  privacy_en: '',
  terms_pl: '',
  terms_en: '',
  funding_statement_pl: 'Współfinansowane przez Unię Europejską',
  funding_statement_en: 'Co-funded by the European Union',
  csv_separator: ';',
};

async function save(changes: Record<string, string | string[] | undefined> = {}, cookie = admin.cookie) {
  const form = Object.fromEntries(Object.entries({ ...VALID, ...changes }).filter(([, v]) => v !== undefined)) as Record<
    string,
    string | string[]
  >;
  return request('/admin/settings', { form, cookie, headers: EN });
}

const settingsRow = () => env.DB.prepare('SELECT * FROM settings WHERE id = 1').first<Record<string, unknown>>();

describe('GET /admin/settings', () => {
  it('shows admins the form with the env defaults, in one round trip', async () => {
    const response = await request('/admin/settings', { cookie: admin.cookie, headers: EN });
    expect(response.status).toBe(200);
    expect(roundTrips(response)).toBe(1);
    const html = await response.text();
    expect(html).toContain('enctype="multipart/form-data"');
    expect(html).toContain(`value="${env.SITE_NAME}"`);
    expect(html).toContain(escaped(en.settings.title));
  });

  it('is forbidden to trainers and sends visitors to sign in', async () => {
    expect((await request('/admin/settings', { cookie: trainer.cookie })).status).toBe(403);
    expectSignInRedirect(await request('/admin/settings'), '/admin/settings');
  });

  it('is linked from the Studio', async () => {
    const html = await (await request('/admin/courses', { cookie: admin.cookie, headers: EN })).text();
    expect(html).toContain('href="/admin/settings"');
  });
});

describe('POST /admin/settings', () => {
  const refused: [string, Record<string, string | string[] | undefined>, string][] = [
    ['bad email', { contact_email: 'not-an-address' }, en.settings.errors.contactEmail],
    ['no language', { languages: undefined }, en.settings.errors.languages],
    ['default not offered', { languages: ['en'], default_language: 'pl' }, en.settings.errors.defaultLanguage],
    ['domains without domains', { signup_policy: 'domains', signup_domains: '' }, en.settings.errors.domainsMissing],
    ['bad domain', { signup_policy: 'domains', signup_domains: 'example.org\nnot a domain!' }, en.settings.errors.domain('not')],
    ['separator', { csv_separator: '|' }, en.settings.errors.separator],
    ['empty site name', { site_name: ' ' }, en.settings.errors.siteName],
    ['the profile asked without its consent texts', { ask_profile: '1', profile_consent_pl: 'Zgoda' }, en.settings.errors.consentMissing],
  ];
  for (const [name, changes, message] of refused) {
    it(`refuses ${name} with 422, the typed values and nothing written`, async () => {
      const before = await tableCounts();
      const response = await save({ ...changes, organisation: 'Typed Organisation' });
      expect(response.status).toBe(422);
      expect(roundTrips(response)).toBe(1);
      const html = await response.text();
      expect(html).toContain(escaped(message));
      expect(html).toContain('value="Typed Organisation"');
      expect(await tableCounts()).toEqual(before);
      expect(await settingsRow()).toBeNull();
    });
  }

  it('is forbidden to trainers (nothing written) and sends visitors to sign in', async () => {
    const response = await save({}, trainer.cookie);
    expect(response.status).toBe(403);
    expect(await settingsRow()).toBeNull();
    const visitor = await request('/admin/settings', { form: VALID });
    expect(visitor.status).toBe(303);
    expect(visitor.headers.get('Location')).toMatch(/^\/sign-in/);
  });

  it('saves in one round trip; the next pages show the name, the organisation and the emblem', async () => {
    // A visitor's page in the public cache before the change.
    await request('/courses?probe=settings', { headers: EN });
    const cached = await request('/courses?probe=settings', { headers: EN });
    expect(roundTrips(cached)).toBe(0);

    const audits = await count(`SELECT count(*) AS n FROM audit_log WHERE action = 'settings'`);
    const response = await save({ funding_emblem: '1', privacy_en: 'We keep **little**.' });
    expect(response.status).toBe(303);
    expect(response.headers.get('Location')).toBe('/admin/settings?saved=1');
    expect(roundTrips(response)).toBe(1);
    expect(await count(`SELECT count(*) AS n FROM audit_log WHERE action = 'settings'`)).toBe(audits + 1);
    expect(await settingsRow()).toMatchObject({ site_name: 'Warsztat Mazowsze', funding_emblem: 1, csv_separator: ';' });

    const page = await request('/admin/settings?saved=1', { cookie: admin.cookie, headers: EN });
    const html = await page.text();
    expect(html).toContain('<a class="brand" href="/courses">Warsztat Mazowsze</a>');
    expect(html).toContain(escaped(en.settings.saved));

    const after = await request('/courses?probe=settings', { headers: EN });
    expect(roundTrips(after)).toBe(1);
    const visitorHtml = await after.text();
    expect(visitorHtml).toContain('Warsztat Mazowsze');
    expect(visitorHtml).toContain('Fundacja Przykładowa');
    expect(visitorHtml).toContain('<img src="/eu-emblem.svg" alt="Co-funded by the European Union"');
    expect(visitorHtml).toContain('href="mailto:kontakt@example.org"');
    expect(visitorHtml).toContain('href="/privacy"');
    expect(visitorHtml).not.toContain('href="/terms"');
  });

  it('turns the participant profile on with its consent texts, with an audit line', async () => {
    const audits = await count("SELECT count(*) AS n FROM audit_log WHERE action = 'settings'");
    const texts = {
      ask_profile: '1',
      profile_consent_pl: 'Zgoda na profil „EFS+”',
      profile_consent_en: 'Consent to the ESF+ profile',
      disability_consent_pl: 'Zgoda na dane o niepełnosprawności',
      disability_consent_en: 'Consent to the disability answer',
    };
    const response = await save(texts);
    expect(response.status).toBe(303);
    expect(await settingsRow()).toMatchObject({
      ask_profile: 1,
      profile_consent: JSON.stringify({ pl: texts.profile_consent_pl, en: texts.profile_consent_en }),
      disability_consent: JSON.stringify({ pl: texts.disability_consent_pl, en: texts.disability_consent_en }),
    });
    expect(await count("SELECT count(*) AS n FROM audit_log WHERE action = 'settings'")).toBe(audits + 1);
    const html = await (await request('/admin/settings', { cookie: admin.cookie, headers: EN })).text();
    expect(html).toContain('name="ask_profile" value="1" checked=""');
    expect(html).toContain(escaped(texts.profile_consent_pl));
    // Saving again without the box turns it off; the texts stay.
    await save({ ...texts, ask_profile: undefined });
    expect(await settingsRow()).toMatchObject({ ask_profile: 0 });
  });

  it('keeps the logos and adds, replaces and removes them (multipart)', async () => {
    const upload = async (fields: Record<string, string | string[]>, files: Record<string, Uint8Array>) => {
      const body = new FormData();
      for (const [name, value] of Object.entries({ ...VALID, ...fields })) for (const v of [value].flat()) body.append(name, v);
      for (const [name, bytes] of Object.entries(files)) body.set(name, new Blob([bytes], { type: 'image/png' }), 'logo.png');
      const headers = new Headers({ Origin: ORIGIN, ...EN, Cookie: admin.cookie });
      return exports.default.fetch(new Request(`${ORIGIN}/admin/settings`, { method: 'POST', body, headers, redirect: 'manual' }));
    };
    const png = fixtureImage('photo.png');
    const first = await upload({ partner_name: 'Gmina Przykład' }, { logo: png, partner_logo: png });
    expect(first.status).toBe(303);
    expect(roundTrips(first)).toBe(1);
    const row = await settingsRow();
    const logoKey = String(row?.logo_key);
    expect(logoKey).toMatch(/^site\/[0-9a-f]{32}\.png$/);
    const partners = JSON.parse(String(row?.partner_logos)) as { key: string; name: string }[];
    expect(partners).toEqual([{ key: expect.stringMatching(/^site\//), name: 'Gmina Przykład' }]);
    const served = await request(`/media/${logoKey}`);
    expect(served.status).toBe(200);
    expect(served.headers.get('Content-Type')).toBe('image/png');
    const footer = await (await request('/courses?probe=logos', { headers: EN })).text();
    expect(footer).toContain(`<img src="/media/${partners[0]!.key}" alt="Gmina Przykład"`);

    // A save without files keeps both; a partner logo without a name is refused.
    expect((await save()).status).toBe(303);
    expect(await settingsRow()).toMatchObject({ logo_key: logoKey });
    expect((await upload({}, { partner_logo: png })).status).toBe(422);
    expect((await upload({}, { logo: new TextEncoder().encode('not an image') })).status).toBe(422);

    // Removing: the checkbox per logo; the objects are deleted from R2.
    const removed = await save({ remove_logo: '1', remove_partner: partners[0]!.key });
    expect(removed.status).toBe(303);
    expect(await settingsRow()).toMatchObject({ logo_key: null, partner_logos: '[]' });
    expect(await env.MEDIA.head(logoKey)).toBeNull();
  });
});

describe('sign-up policies', () => {
  const signUp = (email: string) =>
    request('/sign-up', { form: { name: 'New Person', email, password: PASSWORD }, headers: { ...EN, 'CF-Connecting-IP': email } });

  it("'invitation' refuses sign-up with 403 and hides the link; 'domains' takes only the listed ones", async () => {
    expect((await save({ signup_policy: 'invitation' })).status).toBe(303);
    expect((await request('/sign-up', { headers: EN })).status).toBe(403);
    expect((await signUp('someone@example.org')).status).toBe(403);
    expect(await (await request('/sign-in', { headers: EN })).text()).not.toContain('href="/sign-up"');

    expect((await save({ signup_policy: 'domains', signup_domains: 'szkola.edu.pl, Example.ORG' })).status).toBe(303);
    expect((await request('/sign-up', { headers: EN })).status).toBe(200);
    const other = await signUp('someone@elsewhere.com');
    expect(other.status).toBe(422);
    expect(await other.text()).toContain(escaped(en.settings.signupDomainRefused('szkola.edu.pl, example.org')));
    expect(await count(`SELECT count(*) AS n FROM users WHERE email = 'someone@elsewhere.com'`)).toBe(0);
    expect((await signUp('someone@example.org')).status).toBe(303);

    expect((await save({ signup_policy: 'open' })).status).toBe(303);
    expect((await signUp('anyone@elsewhere.com')).status).toBe(303);
  });
});

describe('languages offered', () => {
  it('the switcher lists only the offered languages', async () => {
    expect((await save({ languages: ['en'], default_language: 'en' })).status).toBe(303);
    const html = await (await request('/sign-in', { headers: EN })).text();
    expect(html).toContain('<option value="en"');
    expect(html).not.toContain('<option value="pl"');
    expect((await save()).status).toBe(303);
  });
});

describe('GET /privacy and GET /terms', () => {
  it('show the stored text (the other language when the page language has none), 404 without', async () => {
    expect((await save({ privacy_pl: 'Dbamy o **dane**.', terms_pl: '', terms_en: '' })).status).toBe(303);
    const privacy = await request('/privacy', { headers: EN });
    expect(privacy.status).toBe(200);
    expect(await privacy.text()).toContain('<strong>dane</strong>');
    expect((await request('/terms', { headers: EN })).status).toBe(404);
  });
});

describe('certificates', () => {
  it('name the issuing organisation and show the funding acknowledgement', async () => {
    expect((await save({ organisation: 'Stowarzyszenie Certyfikujące', funding_emblem: '1' })).status).toBe(303);
    const trainer = await enrolledTrainer();
    await completeFixtureCourse(trainer.cookie);
    const html = await (await request('/courses/test-course/certificate', { cookie: trainer.cookie, headers: EN })).text();
    expect(html).toContain(`<p class="certificate-issuer">${en.certificate.issuedBy('Stowarzyszenie Certyfikujące')}</p>`);
    expect(html).toContain('alt="Co-funded by the European Union"');
  });
});
