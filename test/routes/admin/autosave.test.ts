import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { en } from '../../../src/i18n/en';
import { EN, escaped, request, roundTrips, tableCounts, trainerSession } from '../../helpers';

let admin: { id: number; cookie: string };
let courseId: number;

beforeAll(async () => {
  admin = await trainerSession('admin');
  const created = await request('/admin/courses', {
    cookie: admin.cookie,
    headers: EN,
    form: { title: 'Autosave', slug: 'autosave-course', family: 'workshop', mainLanguage: 'en', estimatedMinutes: '30' },
  });
  courseId = Number(/(\d+)$/.exec(created.headers.get('Location') ?? '')?.[1]);
  await request(`/admin/courses/${courseId}/modules`, { cookie: admin.cookie, form: { title: 'Module' } });
});

async function newLesson(title: string) {
  const module = await env.DB.prepare('SELECT id FROM draft_modules WHERE course_id = ?').bind(courseId).first<{ id: number }>();
  const added = await request(`/admin/courses/${courseId}/lessons`, {
    cookie: admin.cookie,
    form: { moduleId: String(module!.id), kind: 'page', title },
  });
  return Number(/(\d+)$/.exec(added.headers.get('Location') ?? '')?.[1]);
}

const lessonRow = (id: number) =>
  env.DB.prepare('SELECT revision, title, body FROM draft_lessons WHERE id = ?')
    .bind(id)
    .first<{ revision: number; title: string; body: string }>();

/** The lesson form as the browser sends it, in the background (htmx) unless `htmx` is false. */
const save = (lessonId: number, fields: Record<string, string>, htmx = true) =>
  request(`/admin/courses/${courseId}/lessons/${lessonId}`, {
    cookie: admin.cookie,
    headers: EN,
    htmx,
    form: { required: '1', sources: '', 'title.en': 'Cutting', ...fields },
  });

describe('POST /admin/courses/:id/lessons/:lessonId as an autosave', () => {
  it('saves and answers with the new revision and the time instead of the 303; the next save sends that revision', async () => {
    const lessonId = await newLesson('Cutting');
    const { revision } = (await lessonRow(lessonId))!;
    const first = await save(lessonId, { revision: String(revision), 'body.en': 'Measure twice.' });
    expect(first.status).toBe(200);
    expect(roundTrips(first)).toBe(1);
    const html = await first.text();
    expect(html).toContain(`data-revision="${revision + 1}"`);
    expect(html).toMatch(new RegExp(`${escaped(en.studio.autosaved('')).replace(/\.$/, '')}\\d{2}:\\d{2}\\.`));
    expect(JSON.parse((await lessonRow(lessonId))!.body).en).toBe('Measure twice.');

    const second = await save(lessonId, { revision: String(revision + 1), 'body.en': 'Measure twice, cut once.' });
    expect(second.status).toBe(200);
    expect(await second.text()).toContain(`data-revision="${revision + 2}"`);
    expect((await lessonRow(lessonId))!.revision).toBe(revision + 2);

    // Without JavaScript the same save is the 303 back to the editor.
    const plain = await save(lessonId, { revision: String(revision + 2), 'body.en': 'Cut.' }, false);
    expect(plain.status).toBe(303);
  });

  it('says why a form it cannot save was not saved (422, a fragment), writing nothing', async () => {
    const lessonId = await newLesson('Gluing');
    const { revision } = (await lessonRow(lessonId))!;
    const before = await tableCounts();
    const response = await save(lessonId, { revision: String(revision), 'title.en': '', 'body.en': 'Half typed' });
    expect(response.status).toBe(422);
    expect(await response.text()).toBe(`<p class="form-error">${escaped(en.studio.notSavedYet(en.studio.titleRequired))}</p>`);
    expect(await tableCounts()).toEqual(before);
    expect((await lessonRow(lessonId))!.revision).toBe(revision);
  });

  it('answers a stale revision with the full conflict page (409), both texts shown, autosave paused there', async () => {
    const lessonId = await newLesson('Sanding');
    const { revision } = (await lessonRow(lessonId))!;
    expect((await save(lessonId, { revision: String(revision), 'body.en': 'Theirs: fine grit.' }, false)).status).toBe(303);
    const response = await save(lessonId, { revision: String(revision), 'body.en': 'Mine: coarse grit.' });
    expect(response.status).toBe(409);
    const html = await response.text();
    expect(html).toContain(escaped(en.studio.conflictTitle));
    expect(html).toContain('Theirs: fine grit.');
    expect(html).toContain('Mine: coarse grit.');
    expect(html).toContain('data-autosave="false"');
    expect(JSON.parse((await lessonRow(lessonId))!.body).en).toBe('Theirs: fine grit.');
  });

  it('is offered by the editor: the script, the autosave mark and an empty status line', async () => {
    const lessonId = await newLesson('Painting');
    const html = await (await request(`/admin/courses/${courseId}/lessons/${lessonId}`, { cookie: admin.cookie, headers: EN })).text();
    expect(html).toContain('<script src="/studio.js" defer="">');
    expect(html).toContain('data-autosave="true"');
    expect(html).toMatch(/<p class="save-state" role="status" data-autosave-status="true" [^>]*><\/p>/);
  });
});
