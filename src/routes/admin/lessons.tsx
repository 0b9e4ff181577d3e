/**
 * The Studio's lessons: add, edit (texts side by side, quiz, sources), move and delete, and the
 * live preview drawn by the renderer trainers' lessons come from. Two admins saving the same
 * lesson: the second save writes nothing and shows both texts (a conflict), so no typing is lost.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { CourseEditorPage } from '../../../views/admin/courses';
import type { FieldErrors } from '../../../views/admin/form';
import { AutosaveState, LessonEditorPage, type LessonValues, PreviewFragment } from '../../../views/admin/lessons';
import { translateCheck } from '../../content/messages';
import { validateDoc } from '../../content/validate';
import {
  addLessonWrites,
  type Draft,
  type DraftLesson,
  deleteWrites,
  docOfDraft,
  draftRead,
  moveWrites,
  saveLessonWrites,
} from '../../data/admin/courses';
import { KEY_PATTERN, keyCandidates } from '../../data/admin/keys';
import { LANGUAGES, LESSON_KINDS } from '../../data/schema';
import { nothing } from '../../db';
import type { AppEnv } from '../../env';
import { params, requireUser, signedIn } from '../../http/guards';
import { isHtmx, render, renderError } from '../../http/render';
import { renderMarkdown } from '../../markdown';
import { studioCourseUrl, studioLessonUrl } from '../../urls';
import { readForm } from '../validation';
import { localizedField, questionsField, sourcesField, stringField } from './forms';
import { ADMIN, actor, idParam } from './shared';

export const studioLessonRoutes = new Hono<AppEnv>();

const id = idParam;

studioLessonRoutes.use(requireUser);

/** Two long lesson texts and a quiz, URL-encoded (a Polish letter takes six bytes): more than other forms. */
const LESSON_FORM_BYTES = 1024 * 1024;
const lessonParams = params(z.object({ id, lessonId: id }));

function findLesson(draft: Draft | null, lessonId: number): DraftLesson | undefined {
  return draft?.modules.flatMap((m) => m.lessons).find((l) => l.id === lessonId);
}

studioLessonRoutes.post('/:id/lessons', params(z.object({ id })), async (c) => {
  const { id: courseId } = c.req.valid('param');
  const form = await readForm(c.req);
  const parsed = z
    .object({ moduleId: id, kind: z.enum(LESSON_KINDS), title: z.string().trim().min(1).max(200) })
    .safeParse({ ...form, title: stringField(form, 'title', 200) });
  const writes = parsed.success ? addLessonWrites(courseId, { ...parsed.data, keys: keyCandidates(parsed.data.title) }, actor(c)) : [];
  const page = await signedIn(c, draftRead(courseId), { ...ADMIN, writes });
  if (page instanceof Response) return page;
  if (!page.value) return renderError(c, 'notFound', 404);
  if (!parsed.success) {
    return render(c, <CourseEditorPage ui={c.var.ui} draft={page.value} errors={{ moduleTitle: c.var.t.studio.titleRequired }} />, 422);
  }
  const created = page.written[0]?.[0] as { id: number } | undefined;
  if (!created) return renderError(c, 'notFound', 404);
  return c.redirect(studioLessonUrl(courseId, created.id), 303);
});

studioLessonRoutes.get('/:id/lessons/:lessonId', lessonParams, async (c) => {
  const { id: courseId, lessonId } = c.req.valid('param');
  const page = await signedIn(c, draftRead(courseId), ADMIN);
  if (page instanceof Response) return page;
  const lesson = findLesson(page.value, lessonId);
  if (!page.value || !lesson) return renderError(c, 'notFound', 404);
  const notice = c.req.query('done') === 'saved' ? c.var.t.studio.saved : undefined;
  // Sent here from the publish page: the check's messages on the fields they are about.
  const errors: FieldErrors = {};
  if (c.req.query('check')) {
    for (const p of validateDoc(docOfDraft(page.value))) {
      if (p.lesson !== lesson.key) continue;
      // Fields the editor shows; anything else is said at the top of the page.
      const field = p.field && /^(title\.|body\.|q\.\d|passPercent$|sources$)/.test(p.field) ? p.field : 'form';
      const message = translateCheck(c.var.t.studio.check, p.message);
      errors[field] = errors[field] ? `${errors[field]} ${message}` : message;
    }
  }
  return render(c, <LessonEditorPage ui={c.var.ui} draft={page.value} lesson={lesson} notice={notice} errors={errors} />);
});

/** The lesson form as typed, and what is wrong with it that needs no database (a message per field). */
function readLesson(form: Record<string, unknown>, t: AppEnv['Variables']['t']) {
  const errors: FieldErrors = {};
  const isQuiz = 'q.0.key' in form || 'passPercent' in form;
  const values: LessonValues = {
    revision: Number(stringField(form, 'revision', 12)) || 0,
    key: stringField(form, 'key', 100).trim(),
    required: form.required === '1',
    passPercent: stringField(form, 'passPercent', 5),
    sources: stringField(form, 'sources', 5000),
    title: localizedField(form, 'title', 200),
    body: localizedField(form, 'body', 60_000),
    questions: isQuiz ? questionsField(form) : [],
  };
  if (values.key && !KEY_PATTERN.test(values.key)) errors.key = t.studio.invalidKey;
  const pass = values.passPercent === '' ? null : Number(values.passPercent);
  if (pass !== null && !(Number.isInteger(pass) && pass >= 1 && pass <= 100)) errors.passPercent = t.studio.invalidNumber;
  const sources = sourcesField(values.sources);
  if (!sources) errors.sources = t.studio.invalidSource;
  values.questions.forEach((q, i) => {
    const correct = q.options.filter((o) => o.correct).length;
    if (q.options.length < 2) errors[`q.${i}`] = t.studio.needsOptions;
    else if (correct === 0) errors[`q.${i}`] = t.studio.needsCorrect;
    else if (!q.multiple && correct > 1) errors[`q.${i}`] = t.studio.oneCorrect;
  });
  return { values, errors, sources: sources ?? [], pass, isQuiz };
}

/**
 * One batch: the save (if the form is sound) and the draft read again, which says how it went.
 * An autosave (public/studio.js, an htmx request) gets a small fragment instead of the 303 and of
 * a 422 page: the new revision and the time, or why it was not saved. A conflict is the full 409
 * page for both; the script then posts the form itself to show it.
 */
studioLessonRoutes.post('/:id/lessons/:lessonId', lessonParams, async (c) => {
  const { id: courseId, lessonId } = c.req.valid('param');
  const { t } = c.var;
  const { values, errors, sources, pass, isQuiz } = readLesson(await readForm(c.req, LESSON_FORM_BYTES), t);
  const sound = Object.keys(errors).length === 0;
  const edit = {
    id: lessonId,
    revision: values.revision,
    key: values.key || undefined,
    required: values.required,
    passPercent: pass,
    sources,
    title: values.title,
    body: values.body,
    questions: isQuiz ? values.questions : undefined,
  };
  const writes = sound ? saveLessonWrites(courseId, edit, actor(c)) : [];
  const page = await signedIn(c, draftRead(courseId), { ...ADMIN, writes });
  if (page instanceof Response) return page;
  const draft = page.value;
  const lesson = findLesson(draft, lessonId);
  if (!draft || !lesson) return renderError(c, 'notFound', 404);
  const typed = { ...values, key: values.key || lesson.key };
  if (!values.title[draft.mainLanguage]) errors[`title.${draft.mainLanguage}`] = t.studio.titleRequired;
  if (Object.keys(errors).length > 0) {
    if (isHtmx(c)) return c.html(<AutosaveState ui={c.var.ui} errors={errors} />, 422);
    return render(c, <LessonEditorPage ui={c.var.ui} draft={draft} lesson={lesson} values={typed} errors={errors} />, 422);
  }
  if (!page.written[0]?.length) {
    if (lesson.revision !== values.revision) {
      // Another admin saved first: their text beside what was typed, which stays in the form.
      const ours = { ...typed, revision: lesson.revision };
      return render(c, <LessonEditorPage ui={c.var.ui} draft={draft} lesson={lesson} values={ours} theirs={lesson} />, 409);
    }
    if (isHtmx(c)) return c.html(<AutosaveState ui={c.var.ui} errors={{ key: t.studio.keyTaken }} />, 422);
    return render(
      c,
      <LessonEditorPage ui={c.var.ui} draft={draft} lesson={lesson} values={typed} errors={{ key: t.studio.keyTaken }} />,
      422,
    );
  }
  if (isHtmx(c)) return c.html(<AutosaveState ui={c.var.ui} saved={{ revision: lesson.revision, at: c.var.now }} />);
  return c.redirect(`${studioLessonUrl(courseId, lessonId)}?done=saved`, 303);
});

const direction = z.object({ direction: z.enum(['up', 'down']) });

studioLessonRoutes.post('/:id/lessons/:lessonId/move', lessonParams, async (c) => {
  const { id: courseId, lessonId } = c.req.valid('param');
  const parsed = direction.safeParse(await readForm(c.req));
  const writes = parsed.success ? moveWrites(courseId, { table: 'lessons', id: lessonId, direction: parsed.data.direction }, actor(c)) : [];
  const page = await signedIn(c, draftRead(courseId), { ...ADMIN, writes });
  if (page instanceof Response) return page;
  if (!findLesson(page.value, lessonId)) return renderError(c, 'notFound', 404);
  if (!parsed.success) return renderError(c, 'badRequest', 422);
  return c.redirect(studioCourseUrl(courseId), 303);
});

studioLessonRoutes.post('/:id/lessons/:lessonId/delete', lessonParams, async (c) => {
  const { id: courseId, lessonId } = c.req.valid('param');
  const page = await signedIn(c, draftRead(courseId), {
    ...ADMIN,
    writes: deleteWrites(courseId, { table: 'lessons', id: lessonId, label: String(lessonId) }, actor(c)),
  });
  if (page instanceof Response) return page;
  if (!page.value || !page.written.at(-1)?.length) return renderError(c, 'notFound', 404);
  return c.redirect(studioCourseUrl(courseId), 303);
});

/** The live preview: the Markdown of one language, drawn as trainers will see it. */
export const previewRoutes = new Hono<AppEnv>();

previewRoutes.post('/preview', requireUser, async (c) => {
  const lang = z.enum(LANGUAGES).catch('pl').parse(c.req.query('lang'));
  const form = await readForm(c.req, LESSON_FORM_BYTES);
  const page = await signedIn(c, nothing, ADMIN);
  if (page instanceof Response) return page;
  return c.html(<PreviewFragment html={renderMarkdown(stringField(form, `body.${lang}`, 60_000), lang)} />);
});
