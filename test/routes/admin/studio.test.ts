import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { en } from '../../../src/i18n/en';
import { pl } from '../../../src/i18n/pl';
import { count, EN, enrolledTrainer, escaped, expectSignInRedirect, request, roundTrips, tableCounts, trainerSession } from '../../helpers';

let admin: { id: number; cookie: string };

beforeAll(async () => {
  admin = await trainerSession('admin');
});

const as = (cookie: string, form?: Record<string, string | string[]>) => ({ cookie, headers: EN, ...(form ? { form } : {}) });

/** Creates a course through the Studio and returns its id. */
async function createCourse(slug: string, title = 'Workshop basics') {
  const response = await request(
    '/admin/courses',
    as(admin.cookie, { title, slug, family: 'workshop', mainLanguage: 'en', estimatedMinutes: '90', summary: 'A short course.' }),
  );
  expect(response.status).toBe(303);
  return Number(/\/admin\/courses\/(\d+)$/.exec(response.headers.get('Location') ?? '')?.[1]);
}

async function addModule(courseId: number, title: string) {
  expect((await request(`/admin/courses/${courseId}/modules`, as(admin.cookie, { title }))).status).toBe(303);
  const row = await env.DB.prepare('SELECT id FROM draft_modules WHERE course_id = ? ORDER BY id DESC LIMIT 1')
    .bind(courseId)
    .first<{ id: number }>();
  return row!.id;
}

async function addLesson(courseId: number, moduleId: number, title: string, kind = 'page') {
  const response = await request(`/admin/courses/${courseId}/lessons`, as(admin.cookie, { moduleId: String(moduleId), kind, title }));
  expect(response.status).toBe(303);
  return Number(/\/lessons\/(\d+)$/.exec(response.headers.get('Location') ?? '')?.[1]);
}

async function revisionOf(lessonId: number) {
  return (await env.DB.prepare('SELECT revision FROM draft_lessons WHERE id = ?').bind(lessonId).first<{ revision: number }>())!.revision;
}

async function saveLesson(courseId: number, lessonId: number, fields: Record<string, string>) {
  return request(
    `/admin/courses/${courseId}/lessons/${lessonId}`,
    as(admin.cookie, { revision: String(await revisionOf(lessonId)), ...fields }),
  );
}

async function publish(courseId: number, note = 'First') {
  const response = await request(`/admin/courses/${courseId}/publish`, as(admin.cookie, { note }));
  expect(response.status, await response.clone().text()).toBe(303);
}

/** A course with one module and one page lesson in both languages, published as version 1. */
async function publishedCourse(slug: string) {
  const courseId = await createCourse(slug);
  await request(
    `/admin/courses/${courseId}`,
    as(admin.cookie, {
      revision: '1',
      slug,
      family: 'workshop',
      mainLanguage: 'en',
      estimatedMinutes: '90',
      'title.en': 'Workshop basics',
      'title.pl': 'Podstawy warsztatu',
      'summary.en': 'A short course.',
      'summary.pl': 'Krótki kurs.',
    }),
  );
  const moduleId = await addModule(courseId, 'Getting ready');
  await request(
    `/admin/courses/${courseId}/modules/${moduleId}`,
    as(admin.cookie, { 'title.en': 'Getting ready', 'title.pl': 'Przygotowanie' }),
  );
  const lessonId = await addLesson(courseId, moduleId, 'Safety first');
  const saved = await saveLesson(courseId, lessonId, {
    required: '1',
    'title.en': 'Safety first',
    'title.pl': 'Najpierw bezpieczeństwo',
    'body.en': 'Gloves **on**.',
    'body.pl': 'Rękawice **na ręce**.',
    sources: '',
  });
  expect(saved.status).toBe(303);
  await publish(courseId);
  return { courseId, moduleId, lessonId };
}

describe('Studio access', () => {
  it('sends visitors to sign in, refuses trainers (403) and lets admins in', async () => {
    expectSignInRedirect(await request('/admin/courses'), '/admin/courses');
    const trainer = await trainerSession();
    const refused = await request('/admin/courses', as(trainer.cookie));
    expect(refused.status).toBe(403);
    expect((await request('/admin/courses', as(admin.cookie))).status).toBe(200);
  });

  it('refuses a trainer’s write with 403 and writes nothing', async () => {
    const trainer = await trainerSession();
    const before = await tableCounts();
    const response = await request(
      '/admin/courses',
      as(trainer.cookie, { title: 'X', slug: 'sneaky', family: 'workshop', mainLanguage: 'en', estimatedMinutes: '10' }),
    );
    expect(response.status).toBe(403);
    expect(await tableCounts()).toEqual(before);
  });
});

describe('POST /admin/courses', () => {
  it('creates a draft course and opens its editor; costs one round trip', async () => {
    const response = await request(
      '/admin/courses',
      as(admin.cookie, { title: 'New one', slug: 'new-one', family: 'programme', mainLanguage: 'pl', estimatedMinutes: '60' }),
    );
    expect(response.status).toBe(303);
    expect(roundTrips(response)).toBe(1);
    const editor = await request(response.headers.get('Location')!, as(admin.cookie));
    expect(editor.status).toBe(200);
    expect(await editor.text()).toContain(en.studio.states.draft);
    expect(await count("SELECT count(*) AS n FROM courses WHERE slug = 'new-one' AND published = 0")).toBe(1);
    expect(await count("SELECT count(*) AS n FROM audit_log WHERE action = 'create' AND detail = 'new-one'")).toBe(1);
  });

  it('answers 422 with a message per field, and for a taken address, writing nothing', async () => {
    await createCourse('taken-slug');
    const before = await tableCounts();
    const bad = await request(
      '/admin/courses',
      as(admin.cookie, { title: '', slug: 'Not A Slug', family: 'x', mainLanguage: 'en', estimatedMinutes: '0' }),
    );
    expect(bad.status).toBe(422);
    const html = await bad.text();
    expect(html).toContain(escaped(en.studio.titleRequired));
    expect(html).toContain(escaped(en.studio.invalidKey));
    const taken = await request(
      '/admin/courses',
      as(admin.cookie, { title: 'T', slug: 'taken-slug', family: 'workshop', mainLanguage: 'en', estimatedMinutes: '5' }),
    );
    expect(taken.status).toBe(422);
    expect(await taken.text()).toContain(escaped(en.studio.slugTaken));
    expect(await tableCounts()).toEqual(before);
  });
});

describe('Studio editing and publishing', () => {
  it('makes keys from titles, keeps drafts from trainers until published, and publishes as version 1', async () => {
    const { courseId, lessonId } = await publishedCourse('studio-flow');
    const key = await env.DB.prepare('SELECT key FROM draft_lessons WHERE id = ?').bind(lessonId).first<{ key: string }>();
    expect(key?.key).toBe('safety-first');
    expect(await count('SELECT count(*) AS n FROM course_versions WHERE course_id = ?', courseId)).toBe(1);
    const lesson = await request('/courses/studio-flow/lessons/safety-first', { headers: EN });
    expect(lesson.status).toBe(200);
    expect(await lesson.text()).toContain('Gloves <strong>on</strong>.');
  });

  it('shows trainers the published title until the rename is published, keeps progress, and rolls back', async () => {
    const { courseId, lessonId } = await publishedCourse('rename-flow');
    const trainer = await enrolledTrainer('rename-flow');
    expect((await request('/courses/rename-flow/lessons/safety-first/complete', { form: {}, cookie: trainer.cookie })).status).toBe(303);

    await saveLesson(courseId, lessonId, {
      required: '1',
      'title.en': 'Safety above all',
      'title.pl': 'Bezpieczeństwo przede wszystkim',
      'body.en': 'Gloves **on**.',
      'body.pl': 'Rękawice.',
      sources: '',
    });
    const before = await (await request('/courses/rename-flow/lessons/safety-first', { cookie: trainer.cookie, headers: EN })).text();
    expect(before).toContain('Safety first');
    expect(before).not.toContain('Safety above all');

    await publish(courseId, 'Renamed');
    const after = await (await request('/courses/rename-flow/lessons/safety-first', { cookie: trainer.cookie, headers: EN })).text();
    expect(after).toContain('Safety above all');
    expect(after).toContain(`✓ ${en.lesson.completed}`);

    const rollback = await request(`/admin/courses/${courseId}/versions/1/rollback`, as(admin.cookie, {}));
    expect(rollback.status).toBe(303);
    const back = await (await request('/courses/rename-flow/lessons/safety-first', { cookie: trainer.cookie, headers: EN })).text();
    expect(back).toContain('Safety first');
    expect(back).toContain(`✓ ${en.lesson.completed}`);
    expect(await count('SELECT count(*) AS n FROM course_versions WHERE course_id = ?', courseId)).toBe(3);
  });

  it('archives a deleted lesson’s progress on publish and brings it back with a rollback', async () => {
    const { courseId, moduleId, lessonId } = await publishedCourse('delete-flow');
    const second = await addLesson(courseId, moduleId, 'Tools');
    await saveLesson(courseId, second, {
      required: '1',
      'title.en': 'Tools',
      'title.pl': 'Narzędzia',
      'body.en': 'Scissors.',
      'body.pl': 'Nożyczki.',
      sources: '',
    });
    await publish(courseId, 'Tools');
    const trainer = await enrolledTrainer('delete-flow');
    await request('/courses/delete-flow/lessons/safety-first/complete', { form: {}, cookie: trainer.cookie });

    expect((await request(`/admin/courses/${courseId}/lessons/${lessonId}/delete`, as(admin.cookie, {}))).status).toBe(303);
    const preview = await (await request(`/admin/courses/${courseId}/publish`, as(admin.cookie))).text();
    expect(preview).toContain(en.studio.trainersWithProgress(1));
    await publish(courseId, 'Without safety');
    expect((await request('/courses/delete-flow/lessons/safety-first', { headers: EN })).status).toBe(404);
    expect(await count('SELECT count(*) AS n FROM lesson_progress WHERE user_id = ?', trainer.id)).toBe(1);

    await request(`/admin/courses/${courseId}/versions/2/rollback`, as(admin.cookie, {}));
    const course = await (await request('/courses/delete-flow', { cookie: trainer.cookie, headers: EN })).text();
    expect(course).toContain(en.course.progressText(1, 2));
  });

  it('refuses to publish a draft the importer would refuse, with the reason, writing nothing', async () => {
    const courseId = await createCourse('empty-course');
    const before = await tableCounts();
    const response = await request(`/admin/courses/${courseId}/publish`, as(admin.cookie, { note: '' }));
    expect(response.status).toBe(422);
    expect(await response.text()).toContain(escaped(en.studio.check.noModules));
    expect(await tableCounts()).toEqual(before);
  });

  it('keeps both texts when two admins save the same lesson: the second gets a conflict', async () => {
    const { courseId, lessonId } = await publishedCourse('conflict-flow');
    const revision = String(await revisionOf(lessonId));
    const base = { revision, required: '1', 'title.pl': 'Tytuł', sources: '' };
    const first = await request(
      `/admin/courses/${courseId}/lessons/${lessonId}`,
      as(admin.cookie, { ...base, 'title.en': 'First admin', 'body.en': 'Text of the first.' }),
    );
    expect(first.status).toBe(303);
    const second = await request(
      `/admin/courses/${courseId}/lessons/${lessonId}`,
      as(admin.cookie, { ...base, 'title.en': 'Second admin', 'body.en': 'Text of the second.' }),
    );
    expect(second.status).toBe(409);
    const html = await second.text();
    expect(html).toContain('Text of the first.');
    expect(html).toContain('Text of the second.');
    const saved = await env.DB.prepare('SELECT title FROM draft_lessons WHERE id = ?').bind(lessonId).first<{ title: string }>();
    expect(JSON.parse(saved!.title).en).toBe('First admin');
  });

  it('answers 404 for a course or lesson that does not exist', async () => {
    expect((await request('/admin/courses/999999', as(admin.cookie))).status).toBe(404);
    expect((await request('/admin/courses/abc', as(admin.cookie))).status).toBe(404);
    expect((await request('/admin/courses/999999/lessons/1', as(admin.cookie))).status).toBe(404);
  });

  it('costs one round trip for a lesson save and for the editor', async () => {
    const { courseId, lessonId } = await publishedCourse('trips-flow');
    const save = await saveLesson(courseId, lessonId, {
      required: '1',
      'title.en': 'Safety',
      'title.pl': 'B',
      'body.en': 'x',
      sources: '',
    });
    expect(save.status).toBe(303);
    expect(roundTrips(save)).toBe(1);
    expect(roundTrips(await request(`/admin/courses/${courseId}`, as(admin.cookie)))).toBe(1);
  });
});

describe('unpublish and archive', () => {
  it('hide the course from trainers and keep their progress; publishing shows it again', async () => {
    const { courseId } = await publishedCourse('hide-flow');
    const trainer = await enrolledTrainer('hide-flow');
    await request('/courses/hide-flow/lessons/safety-first/complete', { form: {}, cookie: trainer.cookie });
    expect((await request(`/admin/courses/${courseId}/unpublish`, as(admin.cookie, {}))).status).toBe(303);
    expect((await request('/courses/hide-flow', { cookie: trainer.cookie })).status).toBe(404);
    await publish(courseId, 'Back');
    expect((await request('/courses/hide-flow', { cookie: trainer.cookie })).status).toBe(200);
    expect((await request(`/admin/courses/${courseId}/archive`, as(admin.cookie, {}))).status).toBe(303);
    expect((await request('/courses/hide-flow', { cookie: trainer.cookie })).status).toBe(404);
    expect(await count('SELECT count(*) AS n FROM lesson_progress WHERE user_id = ?', trainer.id)).toBe(1);
    const list = await (await request('/admin/courses', as(admin.cookie))).text();
    expect(list).toContain(en.studio.states.archived);
  });
});

describe('publishing a region-sized course', () => {
  it('publishes 25 lessons in two languages with quizzes in one batch after one read: two round trips', async () => {
    const courseId = await createCourse('big-course', 'Big course');
    await request(
      `/admin/courses/${courseId}`,
      as(admin.cookie, {
        revision: '1',
        slug: 'big-course',
        family: 'workshop',
        mainLanguage: 'en',
        estimatedMinutes: '600',
        'title.en': 'Big course',
        'title.pl': 'Duży kurs',
        'summary.en': 'Long.',
        'summary.pl': 'Długi.',
      }),
    );
    for (let m = 0; m < 5; m++) {
      const moduleId = await addModule(courseId, `Module ${m + 1}`);
      await request(
        `/admin/courses/${courseId}/modules/${moduleId}`,
        as(admin.cookie, { 'title.en': `Module ${m + 1}`, 'title.pl': `Moduł ${m + 1}` }),
      );
      for (let l = 0; l < 5; l++) {
        const quiz = l === 4;
        const lessonId = await addLesson(courseId, moduleId, `Lesson ${m + 1}.${l + 1}`, quiz ? 'quiz' : 'page');
        const questions = quiz
          ? Object.fromEntries(
              [0, 1, 2].flatMap((q) => [
                [`q.${q}.key`, ''],
                [`q.${q}.prompt.en`, `Question ${q}?`],
                [`q.${q}.prompt.pl`, `Pytanie ${q}?`],
                ...[0, 1, 2].flatMap((o) => [
                  [`q.${q}.o.${o}.text.en`, `Answer ${o}`],
                  [`q.${q}.o.${o}.text.pl`, `Odpowiedź ${o}`],
                  [`q.${q}.o.${o}.explanation.en`, `Because ${o}.`],
                  [`q.${q}.o.${o}.explanation.pl`, `Bo ${o}.`],
                  ...(o === 0 ? [[`q.${q}.o.${o}.correct`, '1']] : []),
                ]),
              ]),
            )
          : {};
        const saved = await saveLesson(courseId, lessonId, {
          required: '1',
          'title.en': `Lesson ${m + 1}.${l + 1}`,
          'title.pl': `Lekcja ${m + 1}.${l + 1}`,
          'body.en': 'Some text. '.repeat(200),
          'body.pl': 'Trochę tekstu. '.repeat(200),
          sources: 'A source | https://example.org',
          ...(quiz ? { passPercent: '60' } : {}),
          ...questions,
        });
        expect(saved.status, `lesson ${m}.${l}`).toBe(303);
      }
    }
    const response = await request(`/admin/courses/${courseId}/publish`, as(admin.cookie, { note: 'All of it' }));
    expect(response.status).toBe(303);
    // The draft is read and checked (and its Markdown rendered) in the Worker, then published in one batch.
    expect(roundTrips(response)).toBe(2);
    expect(await count("SELECT count(*) AS n FROM lessons l JOIN courses c ON c.id = l.course_id WHERE c.slug = 'big-course'")).toBe(25);
    expect(
      await count(
        "SELECT count(*) AS n FROM quiz_questions q JOIN lessons l ON l.id = q.lesson_id JOIN courses c ON c.id = l.course_id WHERE c.slug = 'big-course'",
      ),
    ).toBe(15);
  });
});

describe('every Studio route: who may use it', () => {
  it('sends visitors to sign in, answers trainers 403 writing nothing, and serves admins', async () => {
    const { courseId, moduleId, lessonId } = await publishedCourse('access-flow');
    const trainer = await trainerSession();
    const base = `/admin/courses/${courseId}`;
    const routes: [string, Record<string, string> | undefined, number][] = [
      ['/admin/courses', undefined, 200],
      [base, undefined, 200],
      [`${base}/lessons/${lessonId}`, undefined, 200],
      [`${base}/publish`, undefined, 200],
      [`${base}/versions`, undefined, 200],
      [`${base}/versions/1`, undefined, 200],
      ['/admin/courses/import', undefined, 200],
      ['/admin/audit', undefined, 200],
      [`${base}/modules`, { title: 'Another module' }, 303],
      [`${base}/modules/${moduleId}`, { 'title.en': 'Getting ready', 'title.pl': 'Przygotowanie' }, 303],
      [`${base}/modules/${moduleId}/move`, { direction: 'down' }, 303],
      [`${base}/lessons`, { moduleId: String(moduleId), kind: 'reflection', title: 'Think' }, 303],
      [`${base}/lessons/${lessonId}/move`, { direction: 'down' }, 303],
      ['/admin/preview?lang=en', { 'body.en': '**Bold**' }, 200],
      [`${base}/unpublish`, {}, 303],
    ];
    for (const [path, form, status] of routes) {
      const options = form ? { form } : {};
      const visitor = await request(path, options);
      expect(visitor.status, `visitor ${path}`).toBe(303);
      expect(visitor.headers.get('Location'), `visitor ${path}`).toMatch(/^\/sign-in\?next=/);
      const before = await tableCounts();
      const refused = await request(path, { ...options, cookie: trainer.cookie });
      expect(refused.status, `trainer ${path}`).toBe(403);
      expect(await tableCounts(), `trainer ${path}`).toEqual(before);
      const allowed = await request(path, { ...options, cookie: admin.cookie, headers: EN });
      expect(allowed.status, `admin ${path}`).toBe(status);
    }
    const preview = await request('/admin/preview?lang=en', { form: { 'body.en': '**Bold** <script>x</script>' }, cookie: admin.cookie });
    const html = await preview.text();
    expect(html).toContain('<strong>Bold</strong>');
    expect(html).not.toContain('<script>');
  });

  it('answers 404 for unknown modules and lessons and 422 for a move without a direction, writing nothing', async () => {
    const { courseId, moduleId, lessonId } = await publishedCourse('errors-flow');
    const base = `/admin/courses/${courseId}`;
    const before = await tableCounts();
    for (const path of [
      `${base}/modules/999999/move`,
      `${base}/lessons/999999/move`,
      `${base}/lessons/999999/delete`,
      `${base}/modules/999999/delete`,
    ]) {
      expect((await request(path, { form: { direction: 'up' }, cookie: admin.cookie })).status, path).toBe(404);
    }
    expect((await request(`${base}/modules/${moduleId}/move`, { form: { direction: 'sideways' }, cookie: admin.cookie })).status).toBe(422);
    expect((await request(`${base}/lessons/${lessonId}/move`, { form: {}, cookie: admin.cookie })).status).toBe(422);
    expect((await request(`${base}/versions/99`, { cookie: admin.cookie })).status).toBe(404);
    expect((await request(`${base}/versions/99/rollback`, { form: {}, cookie: admin.cookie })).status).toBe(404);
    expect(await tableCounts()).toEqual(before);
  });

  it('answers 422 with a message per field for a lesson without a title or with a bad source, writing nothing', async () => {
    const { courseId, lessonId } = await publishedCourse('lesson-422');
    const before = await tableCounts();
    const response = await saveLesson(courseId, lessonId, { 'title.pl': 'Tylko po polsku', sources: 'Somewhere | ftp://example.org' });
    expect(response.status).toBe(422);
    const html = await response.text();
    expect(html).toContain(escaped(en.studio.titleRequired));
    expect(html).toContain(escaped(en.studio.invalidSource));
    expect(html).toContain('Tylko po polsku');
    expect(await tableCounts()).toEqual(before);
  });
});

describe('POST /admin/courses/:id/duplicate', () => {
  it('copies the draft as a new unpublished course under the next free address, twice', async () => {
    const { courseId } = await publishedCourse('dup-flow');
    const first = await request(`/admin/courses/${courseId}/duplicate`, as(admin.cookie, {}));
    expect(first.status).toBe(303);
    const second = await request(`/admin/courses/${courseId}/duplicate`, as(admin.cookie, {}));
    expect(second.status).toBe(303);
    const copies = await env.DB.prepare(
      "SELECT c.slug, c.published, (SELECT count(*) FROM draft_lessons l WHERE l.course_id = c.id) AS lessons FROM courses c WHERE c.slug LIKE 'dup-flow-copy%' ORDER BY c.slug",
    ).all<{ slug: string; published: number; lessons: number }>();
    expect(copies.results).toEqual([
      { slug: 'dup-flow-copy', published: 0, lessons: 1 },
      { slug: 'dup-flow-copy-2', published: 0, lessons: 1 },
    ]);
    expect((await request(`/admin/courses/999999/duplicate`, as(admin.cookie, {}))).status).toBe(404);
  });
});

describe('marks on what is not translated yet', () => {
  it('marks a lesson whose English text is missing, in the outline and the editor, and not one with both', async () => {
    const { courseId, moduleId, lessonId } = await publishedCourse('marks-flow');
    const fresh = await addLesson(courseId, moduleId, 'Only English title');
    const mark = escaped(en.studio.notTranslated('Polski'));
    const outline = await (await request(`/admin/courses/${courseId}`, as(admin.cookie))).text();
    expect(outline.split(mark).length - 1).toBe(1);
    expect(await (await request(`/admin/courses/${courseId}/lessons/${fresh}`, as(admin.cookie))).text()).toContain(mark);
    expect(await (await request(`/admin/courses/${courseId}/lessons/${lessonId}`, as(admin.cookie))).text()).not.toContain(
      'class="untranslated"',
    );
  });
});

describe('the publish check on the fields', () => {
  it('links each problem to its page, which shows the message on the field it is about', async () => {
    const courseId = await createCourse('check-flow', 'Check flow');
    const moduleId = await addModule(courseId, 'Module');
    const lessonId = await addLesson(courseId, moduleId, 'Quiz without questions', 'quiz');
    const publish = await request(`/admin/courses/${courseId}/publish`, as(admin.cookie));
    const html = await publish.text();
    expect(html).toContain(`/admin/courses/${courseId}/lessons/${lessonId}?check=1`);
    const editor = await (await request(`/admin/courses/${courseId}/lessons/${lessonId}?check=1`, as(admin.cookie))).text();
    expect(editor).toContain(escaped(en.studio.check.noQuestions));
    const plain = await (await request(`/admin/courses/${courseId}/lessons/${lessonId}`, as(admin.cookie))).text();
    expect(plain).not.toContain(escaped(en.studio.check.noQuestions));
    // In Polish on a Polish page.
    const polish = await request(`/admin/courses/${courseId}/publish`, { cookie: admin.cookie, headers: { 'Accept-Language': 'pl' } });
    expect(await polish.text()).toContain(escaped(pl.studio.check.noQuestions));
  });
});

describe('completions and certificates survive edits', () => {
  it('keeps a finished trainer’s completion and certificate when lessons are added, removed and rolled back', async () => {
    const { courseId, moduleId, lessonId } = await publishedCourse('cert-flow');
    const trainer = await enrolledTrainer('cert-flow');
    expect((await request('/courses/cert-flow/lessons/safety-first/complete', { form: {}, cookie: trainer.cookie })).status).toBe(303);
    const certificate = () =>
      env.DB.prepare(
        'SELECT cert.code, e.completed_at AS completedAt FROM certificates cert JOIN enrolments e ON e.user_id = cert.user_id AND e.course_id = cert.course_id WHERE cert.user_id = ?',
      )
        .bind(trainer.id)
        .first<{ code: string; completedAt: number }>();
    const issued = await certificate();
    expect(issued?.code).toMatch(/^[0-9A-Z]{4}-/);

    const added = await addLesson(courseId, moduleId, 'A new required lesson');
    await saveLesson(courseId, added, {
      required: '1',
      'title.en': 'New',
      'title.pl': 'Nowa',
      'body.en': 'x',
      'body.pl': 'y',
      sources: '',
    });
    await request(`/admin/courses/${courseId}/lessons/${lessonId}/delete`, as(admin.cookie, {}));
    await publish(courseId, 'Changed a lot');
    await request(`/admin/courses/${courseId}/versions/1/rollback`, as(admin.cookie, {}));
    expect(await certificate()).toEqual(issued);
    expect((await request(`/certificates/${issued!.code}`)).status).toBe(200);
  });
});
