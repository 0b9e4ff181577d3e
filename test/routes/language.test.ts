import { beforeAll, describe, expect, it } from 'vitest';
import { chooseLanguage } from '../../src/i18n';
import { en } from '../../src/i18n/en';
import { pl } from '../../src/i18n/pl';
import {
  count,
  createAccount,
  EN,
  enrolledTrainer,
  escaped,
  importFixture,
  PASSWORD,
  request,
  signIn,
  tableCounts,
  trainerSession,
} from '../helpers';

beforeAll(async () => {
  await importFixture();
});

const langOf = async (response: Response) => /<html lang="(\w+)">/.exec(await response.text())?.[1];

describe('POST /language', () => {
  it("sets a visitor's cookie and returns to the page", async () => {
    const response = await request('/language', { form: { lang: 'en', next: '/courses/test-course?lang=pl' } });
    expect(response.status).toBe(303);
    expect(response.headers.get('Location')).toBe('/courses/test-course?lang=pl');
    const setCookie = response.headers.get('Set-Cookie') ?? '';
    expect(setCookie).toMatch(/^warsztat_lang=en;/);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    expect(setCookie).toMatch(/Secure/i);
    expect(await langOf(await request('/courses', { cookie: 'warsztat_lang=en' }))).toBe('en');
  });

  it("stores a trainer's choice on the account", async () => {
    const { id, cookie } = await trainerSession();
    await request('/language', { form: { lang: 'en', next: '/learning' }, cookie });
    expect(await count("SELECT count(*) AS n FROM users WHERE id = ? AND preferred_language = 'en'", id)).toBe(1);
    // The account's choice comes back with the next sign-in, on any device, over the browser's header.
    const { email } = await createAccount();
    await request('/language', { form: { lang: 'en', next: '/learning' }, cookie: await signIn(email) });
    const signedIn = await request('/sign-in', { form: { email, password: PASSWORD }, headers: { 'Accept-Language': 'pl' } });
    expect(signedIn.headers.get('Set-Cookie')).toMatch(/warsztat_lang=en/);
  });

  it('never redirects off-site', async () => {
    for (const next of ['//evil.example', 'https://evil.example', '/\\evil.example', 'evil.example', ' /courses', '/courses x', '']) {
      const response = await request('/language', { form: { lang: 'en', next } });
      expect(response.status, next).toBe(303);
      expect(response.headers.get('Location'), next).toBe('/courses');
    }
    const missing = await request('/language', { form: { lang: 'pl' } });
    expect(missing.headers.get('Location')).toBe('/courses');
  });

  it('refuses a language we do not have, writing nothing and setting no cookie', async () => {
    const { cookie } = await trainerSession();
    const before = await tableCounts();
    const forms: Record<string, string | string[]>[] = [
      { lang: 'de', next: '/courses' },
      { next: '/courses' },
      { lang: ['pl', 'en'], next: '/courses' },
    ];
    for (const form of forms) {
      const response = await request('/language', { form, cookie, headers: EN });
      expect(response.status, JSON.stringify(form)).toBe(400);
      expect(response.headers.get('Set-Cookie')).toBeNull();
      expect(await response.text()).toContain(en.errors.badRequestTitle);
    }
    expect(await tableCounts()).toEqual(before);
  });
});

describe('page language (GET, every page)', () => {
  it('follows Accept-Language for visitors, then the default', async () => {
    const cases: [string | undefined, string][] = [
      ['en-GB,en;q=0.9', 'en'],
      ['de-DE, en;q=0.5', 'en'],
      ['pl;q=0.2, en;q=0.8', 'en'],
      ['en;q=0, de', 'pl'],
      ['de', 'pl'],
      ['pl-PL', 'pl'],
      [undefined, 'pl'],
    ];
    for (const [header, lang] of cases) {
      const response = await request('/courses', { headers: header ? { 'Accept-Language': header } : {} });
      expect(await langOf(response), header).toBe(lang);
    }
  });

  it('prefers the cookie over Accept-Language', async () => {
    const response = await request('/courses', { cookie: 'warsztat_lang=pl', headers: EN });
    expect(await langOf(response)).toBe('pl');
  });

  it('chooses cookie, then header, then default (chooseLanguage)', () => {
    expect(chooseLanguage({ cookie: 'en', acceptLanguage: 'pl', fallback: 'pl' })).toBe('en');
    expect(chooseLanguage({ cookie: 'xx', acceptLanguage: 'en-US', fallback: 'pl' })).toBe('en');
    expect(chooseLanguage({ cookie: undefined, acceptLanguage: undefined, fallback: 'en' })).toBe('en');
    expect(chooseLanguage({ cookie: undefined, acceptLanguage: 'fr', fallback: 'xx' })).toBe('pl');
  });
});

describe('GET /courses/:slug/lessons/:key (language)', () => {
  it('falls back to Polish with a visible notice for a lesson with no English text', async () => {
    const response = await request('/courses/test-course/lessons/second-page', { headers: EN });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('<h1 id="lesson-title">Druga strona</h1>');
    expect(html).toContain('Tylko po polsku.');
    expect(html).toContain(escaped(en.course.fallbackNotice(pl.languageName)));
    // A lesson that has English shows no notice, and the Polish reader never sees one.
    const english = await (await request('/courses/test-course/lessons/first-page', { headers: EN })).text();
    expect(english).not.toContain(escaped(en.course.fallbackNotice(pl.languageName)));
    const polish = await (await request('/courses/test-course/lessons/second-page')).text();
    expect(polish).not.toContain('role="note"');
  });

  it('keeps progress with the lesson when the trainer switches language', async () => {
    const { cookie } = await enrolledTrainer();
    await request('/language', { form: { lang: 'pl', next: '/courses' }, cookie });
    const inPolish = `${cookie}; warsztat_lang=pl`;
    await request('/courses/test-course/lessons/first-page/complete', { form: {}, cookie: inPolish });
    const polish = await (await request('/courses/test-course/lessons/first-page', { cookie: inPolish })).text();
    expect(polish).toContain('<h1 id="lesson-title">Pierwsza strona</h1>');
    expect(polish).toContain(`✓ ${pl.lesson.completed}`);

    const switched = await request('/language', {
      form: { lang: 'en', next: '/courses/test-course/lessons/first-page' },
      cookie,
    });
    expect(switched.headers.get('Location')).toBe('/courses/test-course/lessons/first-page');
    expect(switched.headers.get('Set-Cookie')).toMatch(/warsztat_lang=en/);
    const english = await (await request('/courses/test-course/lessons/first-page', { cookie: `${cookie}; warsztat_lang=en` })).text();
    expect(english).toContain('<h1 id="lesson-title">First page</h1>');
    expect(english).toContain(`✓ ${en.lesson.completed}`);
    expect(english).toContain(en.course.progressText(1, 4));
    expect(english).not.toContain(en.lesson.markComplete);
  });
});
