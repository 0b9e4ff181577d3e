import { beforeAll, describe, expect, it } from 'vitest';
import { forgetContentVersion } from '../../src/http/page-cache';
import { en } from '../../src/i18n/en';
import { copyOfFixture } from '../fixtures/course';
import { EN, enrolledTrainer, importFixture, request, roundTrips } from '../helpers';

beforeAll(async () => {
  await importFixture(copyOfFixture('cached-course'));
});

const PAGES = ['/courses', '/courses/cached-course', '/courses/cached-course/lessons/first-page'];

describe('public page cache (src/http/page-cache.ts)', () => {
  it("serves a visitor's catalogue, course page and lesson from the cache on the second visit: 0 round trips", async () => {
    for (const path of PAGES) {
      const first = await request(`${path}?probe=hit`, { headers: EN });
      expect(first.status, path).toBe(200);
      expect(roundTrips(first), path).toBe(1);
      const firstHtml = await first.text();
      const second = await request(`${path}?probe=hit`, { headers: EN });
      expect(second.status, path).toBe(200);
      expect(roundTrips(second), path).toBe(0);
      expect(await second.text(), path).toBe(firstHtml);
      expect(second.headers.get('Cache-Control'), path).toBe('private, no-cache');
    }
  });

  it('keys pages by language', async () => {
    await request('/courses/cached-course?probe=lang', { headers: EN });
    const polish = await request('/courses/cached-course?probe=lang', { headers: { 'Accept-Language': 'pl' } });
    expect(roundTrips(polish)).toBe(1);
    expect(await polish.text()).toContain('<html lang="pl">');
  });

  it('never stores a signed-in page, and never serves a stored page to a signed-in reader', async () => {
    const trainer = await enrolledTrainer('cached-course');
    const path = '/courses/cached-course?probe=private';
    const signedIn = await request(path, { cookie: trainer.cookie, headers: EN });
    expect(await signedIn.text()).toContain(en.course.enrolled);
    const visitor = await request(path, { headers: EN });
    expect(roundTrips(visitor)).toBe(1);
    const visitorHtml = await visitor.text();
    expect(visitorHtml).not.toContain(en.course.enrolled);
    expect(visitorHtml).toContain(en.nav.signIn);
    // Now stored for visitors; the trainer still gets their own page from D1.
    expect(roundTrips(await request(path, { headers: EN }))).toBe(0);
    const again = await request(path, { cookie: trainer.cookie, headers: EN });
    expect(roundTrips(again)).toBe(1);
    expect(await again.text()).toContain(en.course.enrolled);
  });

  it('serves the new text after a content import', async () => {
    const path = '/courses/cached-course?probe=import';
    await request(path, { headers: EN });
    expect(roundTrips(await request(path, { headers: EN }))).toBe(0);
    await importFixture(copyOfFixture('cached-course', (yaml) => yaml.replace(/en: Test course/, 'en: Renamed course')));
    await forgetContentVersion();
    const fresh = await request(path, { headers: EN });
    expect(roundTrips(fresh)).toBe(1);
    expect(await fresh.text()).toContain('Renamed course');
    expect(roundTrips(await request(path, { headers: EN }))).toBe(0);
  });

  it('does not store an error page', async () => {
    for (let i = 0; i < 2; i++) {
      const missing = await request('/courses/no-such-course?probe=404', { headers: EN });
      expect(missing.status).toBe(404);
      expect(roundTrips(missing)).toBe(1);
    }
  });
});
