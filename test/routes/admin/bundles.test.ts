import { env, exports } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { type CourseDoc, parseBundles } from '../../../src/content/bundle';
import { serializeCourse } from '../../../src/content/serialize';
import { bundleOfDoc } from '../../../src/content/validate';
import { unzipBundle, zipBundle } from '../../../src/content/zip';
import { docOfDraft, draftRead } from '../../../src/data/admin/courses';
import { runRead } from '../../../src/db';
import { copyOfFixture } from '../../fixtures/course';
import { fixtureImage } from '../../fixtures/images/images';
import { db, EN, expectSignInRedirect, importFixture, ORIGIN, request, roundTrips, tableCounts, trainerSession } from '../../helpers';

let admin: { id: number; cookie: string };
let courseId: number;

beforeAll(async () => {
  admin = await trainerSession('admin');
  await importFixture(copyOfFixture('bundle-course'));
  courseId = (await env.DB.prepare("SELECT id FROM courses WHERE slug = 'bundle-course'").first<{ id: number }>())!.id;
});

const draftDoc = async (id: number) => docOfDraft((await runRead(db(), draftRead(id)))!);

async function exportZip(query = '') {
  const response = await request(`/admin/courses/${courseId}/export${query}`, { cookie: admin.cookie });
  expect(response.status).toBe(200);
  expect(response.headers.get('Content-Type')).toBe('application/zip');
  return { response, bytes: new Uint8Array(await response.arrayBuffer()) };
}

function upload(bytes: Uint8Array, target: string, cookie = admin.cookie) {
  const body = new FormData();
  body.set('file', new File([new Uint8Array(bytes)], 'course.zip', { type: 'application/zip' }));
  body.set('target', target);
  return exports.default.fetch(
    new Request(`${ORIGIN}/admin/courses/import`, {
      method: 'POST',
      body,
      headers: { Origin: ORIGIN, Cookie: cookie, ...EN },
      redirect: 'manual',
    }),
  );
}

const zipOf = (doc: CourseDoc) => zipBundle(serializeCourse(bundleOfDoc(doc)));

describe('GET /admin/courses/:id/export', () => {
  it('exports the draft as a .zip in the content/ format that parses back to the same course, in one round trip', async () => {
    const { response, bytes } = await exportZip();
    expect(response.headers.get('Content-Disposition')).toContain('bundle-course-draft.zip');
    expect(roundTrips(response)).toBe(1);
    const files = unzipBundle(bytes);
    expect(files.ok).toBe(true);
    const parsed = parseBundles(files.ok ? files.files : []);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(bundleOfDoc(await draftDoc(courseId))).toEqual(
      parsed.courses[0] && {
        ...parsed.courses[0],
        modules: parsed.courses[0].modules.map((m) => ({ ...m, lessons: m.lessons.map((l) => ({ ...l, file: '' })) })),
      },
    );
  });

  it('exports a version, writes the export to the audit log, and is 404 for a version that does not exist', async () => {
    const { bytes } = await exportZip('?version=1');
    expect(unzipBundle(bytes).ok).toBe(true);
    const logged = await env.DB.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'export' AND detail = 'version 1'").first<{
      n: number;
    }>();
    expect(logged?.n).toBe(1);
    expect((await request(`/admin/courses/${courseId}/export?version=99`, { cookie: admin.cookie })).status).toBe(404);
  });

  it('is for admins only', async () => {
    expectSignInRedirect(await request(`/admin/courses/${courseId}/export`), `/admin/courses/${courseId}/export`);
    const trainer = await trainerSession();
    expect((await request(`/admin/courses/${courseId}/export`, { cookie: trainer.cookie })).status).toBe(403);
  });
});

describe('POST /admin/courses/import', () => {
  it('imports an exported course as a new course whose draft is the same course (the way between regions)', async () => {
    const original = await draftDoc(courseId);
    const moved = { ...original, slug: 'bundle-course-elsewhere' };
    const response = await upload(zipOf(moved), 'new');
    expect(response.status).toBe(303);
    const newId = Number(/\/admin\/courses\/(\d+)/.exec(response.headers.get('Location') ?? '')?.[1]);
    expect(await draftDoc(newId)).toEqual(moved);
    const course = await env.DB.prepare('SELECT published FROM courses WHERE id = ?').bind(newId).first<{ published: number }>();
    expect(course?.published).toBe(0);
  });

  it('imports into the draft of an existing course', async () => {
    const changed = await draftDoc(courseId);
    const title = { ...changed.title, en: 'Imported title' };
    const response = await upload(zipOf({ ...changed, title }), String(courseId));
    expect(response.status).toBe(303);
    expect((await draftDoc(courseId)).title.en).toBe('Imported title');
  });

  it('refuses a course that exists as a new course, a broken bundle with file:line, and a file that is not a zip, writing nothing', async () => {
    const before = await tableCounts();
    const exists = await upload(zipOf(await draftDoc(courseId)), 'new');
    expect(exists.status).toBe(422);
    expect(await exists.text()).toContain('bundle-course');
    const doc = await draftDoc(courseId);
    const files = serializeCourse(bundleOfDoc(doc)).map((f) =>
      f.path.endsWith('course.yaml') ? { ...f, text: f.text.replace(/family: .*/, 'family: nonsense') } : f,
    );
    const broken = await upload(zipBundle(files), String(courseId));
    expect(broken.status).toBe(422);
    expect(await broken.text()).toMatch(/bundle-course\/course\.yaml:\d+:/);
    const notZip = await upload(new TextEncoder().encode('not a zip at all'), 'new');
    expect(notZip.status).toBe(422);
    expect(await tableCounts()).toEqual(before);
  });

  it('refuses trainers with 403, writing nothing', async () => {
    const trainer = await trainerSession();
    const before = await tableCounts();
    const response = await upload(zipOf({ ...(await draftDoc(courseId)), slug: 'sneaky-import' }), 'new', trainer.cookie);
    expect(response.status).toBe(403);
    expect(await tableCounts()).toEqual(before);
  });
});

describe('lesson images travel in the .zip', () => {
  it('exports the images a course shows and puts them back, stripped, in the region that imports it', async () => {
    const key = `courses/bundle-course/${'a1'.repeat(16)}.jpg`;
    await env.MEDIA.put(key, fixtureImage('photo.jpg'), { httpMetadata: { contentType: 'image/jpeg' } });
    await env.DB.prepare(
      `UPDATE draft_lessons SET body = json_set(body, '$.en', 'A photo: ![Workshop](/media/${key})')
       WHERE key = 'first-page' AND course_id = ?`,
    )
      .bind(courseId)
      .run();
    const { bytes } = await exportZip();
    const unzipped = unzipBundle(bytes);
    expect(unzipped.ok && unzipped.images.map((i) => i.key)).toEqual([key]);

    // Another region: the image is not there until the course is imported.
    await env.MEDIA.delete(key);
    const doc = { ...(await draftDoc(courseId)), slug: 'bundle-course-with-images' };
    const response = await upload(zipBundle(serializeCourse(bundleOfDoc(doc)), unzipped.ok ? unzipped.images : []), 'new');
    expect(response.status).toBe(303);
    const stored = await env.MEDIA.get(key);
    expect(stored).not.toBeNull();
    const text = new TextDecoder('latin1').decode(new Uint8Array(await stored!.arrayBuffer()));
    expect(new TextDecoder('latin1').decode(fixtureImage('photo.jpg'))).toContain('CamMaker');
    expect(text).not.toContain('CamMaker');
    expect((await request(`/media/${key}`)).status).toBe(200);
  });

  it('refuses an archive whose image is not an image, writing nothing', async () => {
    const before = await tableCounts();
    const doc = { ...(await draftDoc(courseId)), slug: 'bundle-course-bad-image' };
    const fake = { key: `courses/x/${'b2'.repeat(16)}.png`, bytes: new TextEncoder().encode('<svg onload=alert(1)>') };
    const response = await upload(zipBundle(serializeCourse(bundleOfDoc(doc)), [fake]), 'new');
    expect(response.status).toBe(422);
    expect(await tableCounts()).toEqual(before);
    expect(await env.MEDIA.get(fake.key)).toBeNull();
  });
});
