import { applyD1Migrations, createExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { app } from '../../../src/index';
import { copyOfFixture } from '../../fixtures/course';
import { fixtureImage } from '../../fixtures/images/images';
import { importFixture, ORIGIN, request, trainerSession } from '../../helpers';

// Two regions side by side, each with its own D1 database and R2 bucket, as two deployed Workers
// would have: a course exported from the first region's Studio is imported, published and read in
// the second, images included, and neither region sees the other's data.
const SETUP_TOKEN = 'region-b-setup-secret-0123456789';
const regionB = () => ({ ...env, DB: env.REGION_B_DB, MEDIA: env.REGION_B_MEDIA, SETUP_TOKEN });

function inRegionB(path: string, init: RequestInit & { cookie?: string } = {}) {
  const headers = new Headers(init.headers);
  headers.set('Origin', ORIGIN);
  headers.set('Accept-Language', 'en');
  if (init.cookie) headers.set('Cookie', init.cookie);
  return app.fetch(new Request(`${ORIGIN}${path}`, { ...init, headers, redirect: 'manual' }), regionB(), createExecutionContext());
}

const sessionOf = (response: Response) => /__Host-warsztat_session=[^;]+/.exec(response.headers.get('Set-Cookie') ?? '')?.[0] ?? '';

let zip: Uint8Array;
const imageKey = `courses/shared-course/${'c3'.repeat(16)}.jpg`;

beforeAll(async () => {
  // Region A: a course with an image in its draft, exported from the Studio.
  const admin = await trainerSession('admin');
  await importFixture(copyOfFixture('shared-course'));
  const course = await env.DB.prepare("SELECT id FROM courses WHERE slug = 'shared-course'").first<{ id: number }>();
  await env.MEDIA.put(imageKey, fixtureImage('photo.jpg'), { httpMetadata: { contentType: 'image/jpeg' } });
  await env.DB.prepare(
    `UPDATE draft_lessons SET body = json_set(body, '$.en', 'A photo: ![Workshop](/media/${imageKey})') WHERE key = 'first-page' AND course_id = ?`,
  )
    .bind(course!.id)
    .run();
  const exported = await request(`/admin/courses/${course!.id}/export`, { cookie: admin.cookie });
  expect(exported.status).toBe(200);
  zip = new Uint8Array(await exported.arrayBuffer());
  await applyD1Migrations(env.REGION_B_DB, env.TEST_MIGRATIONS);
});

describe('a course shared between two regions', () => {
  it('is imported, published and read in the second region, which starts with no admin and no courses', async () => {
    expect(await env.REGION_B_DB.prepare("SELECT count(*) AS n FROM courses WHERE slug = 'shared-course'").first('n')).toBe(0);

    // The second region's first admin, through its setup page.
    const setup = await inRegionB('/setup', {
      method: 'POST',
      body: new URLSearchParams({
        token: SETUP_TOKEN,
        name: 'Admin B',
        email: 'admin@region-b.example.org',
        password: 'region-b-password',
      }),
    });
    expect(setup.status).toBe(303);
    const cookie = sessionOf(setup);

    const body = new FormData();
    body.set('file', new File([new Uint8Array(zip)], 'shared-course.zip', { type: 'application/zip' }));
    body.set('target', 'new');
    const imported = await inRegionB('/admin/courses/import', { method: 'POST', body, cookie });
    expect(imported.status, await imported.clone().text()).toBe(303);
    const course = await env.REGION_B_DB.prepare("SELECT id, published FROM courses WHERE slug = 'shared-course'").first<{
      id: number;
      published: number;
    }>();
    expect(course?.published).toBe(0);
    expect(await env.REGION_B_MEDIA.get(imageKey)).not.toBeNull();

    const published = await inRegionB(`/admin/courses/${course!.id}/publish`, {
      method: 'POST',
      body: new URLSearchParams({ note: 'From region A' }),
      cookie,
    });
    expect(published.status, await published.clone().text()).toBe(303);

    // A visitor of the second region reads the lesson and its image, served from that region's bucket.
    const lesson = await inRegionB('/courses/shared-course/lessons/first-page');
    expect(lesson.status).toBe(200);
    expect(await lesson.text()).toContain(`/media/${imageKey}`);
    expect((await inRegionB(`/media/${imageKey}`)).status).toBe(200);

    // Region A is untouched by all of it.
    expect(await env.DB.prepare("SELECT count(*) AS n FROM users WHERE email = 'admin@region-b.example.org'").first('n')).toBe(0);
    expect(await env.DB.prepare("SELECT count(*) AS n FROM course_versions WHERE note = 'From region A'").first('n')).toBe(0);
  });
});
