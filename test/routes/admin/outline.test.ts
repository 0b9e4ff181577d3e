import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { en } from '../../../src/i18n/en';
import { count, EN, escaped, expectSignInRedirect, request, roundTrips, tableCounts, trainerSession } from '../../helpers';

let admin: { id: number; cookie: string };

beforeAll(async () => {
  admin = await trainerSession('admin');
});

const as = (cookie: string, form?: Record<string, string>, htmx = false) => ({ cookie, headers: EN, htmx, ...(form ? { form } : {}) });

let slugs = 0;

/** A draft course with two modules, A (lessons a1, a2, a3) and B (lessons b1, b2), made through the Studio. */
async function outlineCourse() {
  const created = await request(
    '/admin/courses',
    as(admin.cookie, { title: 'Outline', slug: `outline-${++slugs}`, family: 'workshop', mainLanguage: 'en', estimatedMinutes: '30' }),
  );
  expect(created.status).toBe(303);
  const courseId = Number(/(\d+)$/.exec(created.headers.get('Location') ?? '')?.[1]);
  const modules: Record<string, number> = {};
  const lessons: Record<string, number> = {};
  for (const [module, titles] of [
    ['A', ['a1', 'a2', 'a3']],
    ['B', ['b1', 'b2']],
  ] as const) {
    await request(`/admin/courses/${courseId}/modules`, as(admin.cookie, { title: module }));
    const row = await env.DB.prepare('SELECT id FROM draft_modules WHERE course_id = ? ORDER BY id DESC LIMIT 1')
      .bind(courseId)
      .first<{ id: number }>();
    modules[module] = row!.id;
    for (const title of titles) {
      const added = await request(
        `/admin/courses/${courseId}/lessons`,
        as(admin.cookie, { moduleId: String(row!.id), kind: 'page', title }),
      );
      lessons[title] = Number(/(\d+)$/.exec(added.headers.get('Location') ?? '')?.[1]);
    }
  }
  return { courseId, modules, lessons };
}

type Course = Awaited<ReturnType<typeof outlineCourse>>;

/** The outline as titles: { A: ['a1', …], B: […] }, each list in position order; and every list's positions. */
async function outlineOf({ courseId, modules, lessons }: Course) {
  const moduleNames = new Map(Object.entries(modules).map(([name, id]) => [id, name]));
  const lessonNames = new Map(Object.entries(lessons).map(([name, id]) => [id, name]));
  const { results: moduleRows } = await env.DB.prepare('SELECT id, position FROM draft_modules WHERE course_id = ? ORDER BY position')
    .bind(courseId)
    .all<{ id: number; position: number }>();
  const { results: lessonRows } = await env.DB.prepare(
    'SELECT id, module_id AS moduleId, position FROM draft_lessons WHERE course_id = ? ORDER BY position',
  )
    .bind(courseId)
    .all<{ id: number; moduleId: number; position: number }>();
  const order: Record<string, string[]> = {};
  const positions: number[][] = [moduleRows.map((m) => m.position)];
  for (const m of moduleRows) {
    const inModule = lessonRows.filter((l) => l.moduleId === m.id);
    order[moduleNames.get(m.id)!] = inModule.map((l) => lessonNames.get(l.id)!);
    positions.push(inModule.map((l) => l.position));
  }
  return { order, positions };
}

/** Every list numbered 0..n-1, no gaps and no repeats. */
function expectDense(positions: number[][]) {
  for (const list of positions) expect(list).toEqual(list.map((_, i) => i));
}

const placeLesson = (c: Course, lesson: string, form: Record<string, string>, cookie = admin.cookie, htmx = false) =>
  request(`/admin/courses/${c.courseId}/lessons/${c.lessons[lesson]}/place`, as(cookie, form, htmx));
const placeModule = (c: Course, module: string, form: Record<string, string>, cookie = admin.cookie, htmx = false) =>
  request(`/admin/courses/${c.courseId}/modules/${c.modules[module]}/place`, as(cookie, form, htmx));

describe('POST /admin/courses/:id/lessons/:lessonId/place', () => {
  it('moves a lesson within its module, renumbers 0..n-1, audits it; one round trip, 303 to the editor', async () => {
    const c = await outlineCourse();
    const response = await placeLesson(c, 'a3', { moduleId: String(c.modules.A), position: '0' });
    expect(response.status).toBe(303);
    expect(response.headers.get('Location')).toBe(`/admin/courses/${c.courseId}`);
    expect(roundTrips(response)).toBe(1);
    const { order, positions } = await outlineOf(c);
    expect(order).toEqual({ A: ['a3', 'a1', 'a2'], B: ['b1', 'b2'] });
    expectDense(positions);
    expect(
      await count("SELECT count(*) AS n FROM audit_log WHERE course_id = ? AND detail LIKE 'lesson % placed at 0 in module %'", c.courseId),
    ).toBe(1);

    await placeLesson(c, 'a3', { moduleId: String(c.modules.A), position: '2' });
    expect((await outlineOf(c)).order.A).toEqual(['a1', 'a2', 'a3']);
    await placeLesson(c, 'a1', { moduleId: String(c.modules.A), position: '1' });
    expect((await outlineOf(c)).order.A).toEqual(['a2', 'a1', 'a3']);
  });

  it('moves a lesson into another module at an index, closing the gap it leaves, also at the end and into an empty module', async () => {
    const c = await outlineCourse();
    await placeLesson(c, 'a2', { moduleId: String(c.modules.B), position: '1' });
    let outline = await outlineOf(c);
    expect(outline.order).toEqual({ A: ['a1', 'a3'], B: ['b1', 'a2', 'b2'] });
    expectDense(outline.positions);

    await placeLesson(c, 'a1', { moduleId: String(c.modules.B), position: '3' });
    await placeLesson(c, 'a3', { moduleId: String(c.modules.B), position: '0' });
    outline = await outlineOf(c);
    expect(outline.order).toEqual({ A: [], B: ['a3', 'b1', 'a2', 'b2', 'a1'] });
    expectDense(outline.positions);

    await placeLesson(c, 'b2', { moduleId: String(c.modules.A), position: '0' });
    outline = await outlineOf(c);
    expect(outline.order).toEqual({ A: ['b2'], B: ['a3', 'b1', 'a2', 'a1'] });
    expectDense(outline.positions);
  });

  it('renumbers a module with gaps left by a deleted lesson', async () => {
    const c = await outlineCourse();
    expect((await request(`/admin/courses/${c.courseId}/lessons/${c.lessons.a1}/delete`, as(admin.cookie, {}))).status).toBe(303);
    await placeLesson(c, 'a3', { moduleId: String(c.modules.A), position: '0' });
    const { order, positions } = await outlineOf({
      ...c,
      lessons: { a2: c.lessons.a2!, a3: c.lessons.a3!, b1: c.lessons.b1!, b2: c.lessons.b2! },
    });
    expect(order.A).toEqual(['a3', 'a2']);
    expectDense(positions);
  });

  it('answers an htmx request with the editor re-read in the same batch (the script swaps its outline in)', async () => {
    const c = await outlineCourse();
    const response = await placeLesson(c, 'b2', { moduleId: String(c.modules.A), position: '1' }, admin.cookie, true);
    expect(response.status).toBe(200);
    expect(roundTrips(response)).toBe(1);
    const html = await response.text();
    expect(html).toContain('data-outline');
    // b2 is drawn in module A now, between a1 and a2.
    const a = html.indexOf('>a1<');
    expect(html.indexOf('>b2<')).toBeGreaterThan(a);
    expect(html.indexOf('>b2<')).toBeLessThan(html.indexOf('>a2<'));
  });

  it('answers 422 for a malformed or too large index or module id, writing nothing', async () => {
    const c = await outlineCourse();
    const before = await tableCounts();
    const changedAt = await count('SELECT changed_at AS n FROM draft_courses WHERE course_id = ?', c.courseId);
    const forms: Record<string, string>[] = [
      { moduleId: String(c.modules.A), position: '3' }, // a3 is already last: index 3 would leave a gap
      { moduleId: String(c.modules.B), position: '3' },
      { moduleId: String(c.modules.A), position: '' },
      { moduleId: String(c.modules.A), position: '-1' },
      { moduleId: String(c.modules.A), position: '1.5' },
      { moduleId: String(c.modules.A) },
      { moduleId: 'abc', position: '0' },
      { position: '0' },
    ];
    for (const form of forms) {
      const response = await placeLesson(c, 'a3', form);
      expect(response.status, JSON.stringify(form)).toBe(422);
      expect(await response.text()).toContain(escaped(en.studio.placeRefused));
    }
    const htmx = await placeLesson(c, 'a3', { moduleId: String(c.modules.A), position: '9' }, admin.cookie, true);
    expect(htmx.status).toBe(422);
    expect(await htmx.text()).toBe(`<p class="form-error" role="alert">${escaped(en.studio.placeRefused)}</p>`);
    expect(await tableCounts()).toEqual(before);
    expect(await count('SELECT changed_at AS n FROM draft_courses WHERE course_id = ?', c.courseId)).toBe(changedAt);
    expect((await outlineOf(c)).order).toEqual({ A: ['a1', 'a2', 'a3'], B: ['b1', 'b2'] });
  });

  it('answers 404 for an unknown lesson or module, or one of another course, writing nothing', async () => {
    const c = await outlineCourse();
    const other = await outlineCourse();
    const before = await tableCounts();
    const at = (courseId: number, lessonId: number, moduleId: number) =>
      request(`/admin/courses/${courseId}/lessons/${lessonId}/place`, as(admin.cookie, { moduleId: String(moduleId), position: '0' }));
    expect((await at(c.courseId, 999999, c.modules.A!)).status).toBe(404);
    expect((await at(c.courseId, c.lessons.a1!, 999999)).status).toBe(404);
    expect((await at(c.courseId, other.lessons.a1!, c.modules.A!)).status).toBe(404);
    expect((await at(c.courseId, c.lessons.a1!, other.modules.A!)).status).toBe(404);
    expect((await at(999999, c.lessons.a1!, c.modules.A!)).status).toBe(404);
    expect((await request(`/admin/courses/${c.courseId}/lessons/x/place`, as(admin.cookie, { position: '0' }))).status).toBe(404);
    expect(await tableCounts()).toEqual(before);
    expect((await outlineOf(other)).order).toEqual({ A: ['a1', 'a2', 'a3'], B: ['b1', 'b2'] });
  });

  it('refuses trainers (403) and sends visitors to sign in, writing nothing', async () => {
    const c = await outlineCourse();
    const trainer = await trainerSession();
    const before = await tableCounts();
    const form = { moduleId: String(c.modules.B), position: '0' };
    expect((await placeLesson(c, 'a1', form, trainer.cookie)).status).toBe(403);
    const path = `/admin/courses/${c.courseId}/lessons/${c.lessons.a1}`;
    expectSignInRedirect(await request(`${path}/place`, { form }), path);
    expect(await tableCounts()).toEqual(before);
    expect((await outlineOf(c)).order).toEqual({ A: ['a1', 'a2', 'a3'], B: ['b1', 'b2'] });
  });
});

describe('POST /admin/courses/:id/modules/:moduleId/place', () => {
  it('moves a module among the course’s modules, keeps its lessons, audits it; one round trip', async () => {
    const c = await outlineCourse();
    await request(`/admin/courses/${c.courseId}/modules`, as(admin.cookie, { title: 'C' }));
    const row = await env.DB.prepare('SELECT id FROM draft_modules WHERE course_id = ? ORDER BY id DESC LIMIT 1')
      .bind(c.courseId)
      .first<{ id: number }>();
    c.modules.C = row!.id;
    const response = await placeModule(c, 'C', { position: '0' });
    expect(response.status).toBe(303);
    expect(roundTrips(response)).toBe(1);
    let outline = await outlineOf(c);
    expect(Object.keys(outline.order)).toEqual(['C', 'A', 'B']);
    expectDense(outline.positions);
    expect(outline.order.A).toEqual(['a1', 'a2', 'a3']);
    expect(await count("SELECT count(*) AS n FROM audit_log WHERE course_id = ? AND detail LIKE 'module % placed at 0'", c.courseId)).toBe(
      1,
    );

    await placeModule(c, 'C', { position: '2' });
    await placeModule(c, 'A', { position: '1' });
    outline = await outlineOf(c);
    expect(Object.keys(outline.order)).toEqual(['B', 'A', 'C']);
    expectDense(outline.positions);

    const htmx = await placeModule(c, 'C', { position: '1' }, admin.cookie, true);
    expect(htmx.status).toBe(200);
    expect(Object.keys((await outlineOf(c)).order)).toEqual(['B', 'C', 'A']);
  });

  it('answers 422 for a malformed or too large index and 404 for an unknown module, writing nothing', async () => {
    const c = await outlineCourse();
    const other = await outlineCourse();
    const before = await tableCounts();
    const forms: Record<string, string>[] = [{ position: '2' }, { position: '' }, { position: 'first' }, {}];
    for (const form of forms) {
      expect((await placeModule(c, 'A', form)).status, JSON.stringify(form)).toBe(422);
    }
    expect((await request(`/admin/courses/${c.courseId}/modules/999999/place`, as(admin.cookie, { position: '0' }))).status).toBe(404);
    expect(
      (await request(`/admin/courses/${c.courseId}/modules/${other.modules.A}/place`, as(admin.cookie, { position: '0' }))).status,
    ).toBe(404);
    expect(await tableCounts()).toEqual(before);
    expect(Object.keys((await outlineOf(c)).order)).toEqual(['A', 'B']);
  });

  it('refuses trainers (403) and sends visitors to sign in, writing nothing', async () => {
    const c = await outlineCourse();
    const trainer = await trainerSession();
    const before = await tableCounts();
    expect((await placeModule(c, 'B', { position: '0' }, trainer.cookie)).status).toBe(403);
    const path = `/admin/courses/${c.courseId}/modules/${c.modules.B}`;
    expectSignInRedirect(await request(`${path}/place`, { form: { position: '0' } }), path);
    expect(await tableCounts()).toEqual(before);
    expect(Object.keys((await outlineOf(c)).order)).toEqual(['A', 'B']);
  });
});
