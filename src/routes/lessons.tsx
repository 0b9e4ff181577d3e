import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { getLessonView, type LessonView } from '../data/courses';
import { completeLesson, recordQuizAttempt, saveReflection } from '../data/progress';
import type { AppEnv } from '../env';
import { isHtmx, render, renderError, requireUser } from '../middleware';
import { readAnswers, scoreAttempt, typedAnswers } from '../quiz';
import { uiOf } from '../../views/context';
import { lessonUrl } from '../../views/course';
import { CompleteWidget, LessonPage, QuizSection, REFLECTION_MAX, ReflectionForm, type LessonFormState } from '../../views/lesson';
import { echoed, keyParam, readForm } from './validation';

export const lessonRoutes = new Hono<AppEnv>();

const lessonParams = z.object({ slug: keyParam, key: keyParam });

function readParams(c: Context<AppEnv>) {
  const parsed = lessonParams.safeParse(c.req.param());
  return parsed.success ? parsed.data : null;
}

/** 404 for no such lesson (or an unpublished course), 403 when the trainer is not enrolled. */
function refusal(c: Context<AppEnv>, view: LessonView | null, needsEnrolment: boolean) {
  if (!view || (!view.course.published && c.var.user?.role !== 'admin')) return renderError(c, 'notFound', 404);
  if (needsEnrolment && view.course.enrolledAt === null) return renderError(c, 'forbidden', 403);
  return null;
}

lessonRoutes.get('/:slug/lessons/:key', async (c) => {
  const params = readParams(c);
  if (!params) return renderError(c, 'notFound', 404);
  const view = await getLessonView(c.var.db, params.slug, params.key, c.var.lang, c.var.user?.id ?? null);
  return refusal(c, view, false) ?? render(c, <LessonPage ui={uiOf(c)} view={view!} />);
});

lessonRoutes.post('/:slug/lessons/:key/complete', requireUser, async (c) => {
  const params = readParams(c);
  if (!params) return renderError(c, 'notFound', 404);
  const view = await completeLesson(c.var.db, { userId: c.var.user!.id, lang: c.var.lang, ...params });
  const refused = refusal(c, view, true);
  if (refused) return refused;
  if (view!.lesson.kind !== 'page') return renderError(c, 'notFound', 404);
  if (!isHtmx(c)) return c.redirect(lessonUrl(params.slug, params.key), 303);
  return c.html(<CompleteWidget ui={uiOf(c)} view={view!} oob />);
});

lessonRoutes.post('/:slug/lessons/:key/attempts', requireUser, async (c) => {
  const params = readParams(c);
  if (!params) return renderError(c, 'notFound', 404);
  const { db, lang, user, t } = c.var;
  const [form, current] = await Promise.all([
    readForm(c.req),
    getLessonView(db, params.slug, params.key, lang, user!.id),
  ]);
  const refused = refusal(c, current, true);
  if (refused) return refused;
  if (current!.lesson.kind !== 'quiz') return renderError(c, 'notFound', 404);
  const answers = readAnswers(current!.questions, form);
  if (!answers) {
    const typed = typedAnswers(current!.questions, form);
    const state: LessonFormState = { quiz: { answers: typed, error: t.quiz.answerEvery } };
    if (isHtmx(c)) return c.html(<QuizSection ui={uiOf(c)} view={current!} form={state.quiz} />, 422);
    return render(c, <LessonPage ui={uiOf(c)} view={current!} form={state} />, 422);
  }
  const attempt = scoreAttempt(current!.questions, answers, current!.lesson.passPercent ?? 100);
  const view = await recordQuizAttempt(db, { userId: user!.id, lang, ...params, attempt });
  if (!isHtmx(c)) return c.redirect(`${lessonUrl(params.slug, params.key)}#quiz-result`, 303);
  return c.html(<QuizSection ui={uiOf(c)} view={view!} oob />);
});

lessonRoutes.post('/:slug/lessons/:key/reflection', requireUser, async (c) => {
  const params = readParams(c);
  if (!params) return renderError(c, 'notFound', 404);
  const { db, lang, user, t } = c.var;
  const form = await readForm(c.req);
  // `z.string(message)`: a missing or repeated field gets the same message as an empty one.
  const body = z
    .string(t.reflection.empty)
    .trim()
    .min(1, t.reflection.empty)
    .max(REFLECTION_MAX, t.reflection.tooLong(REFLECTION_MAX))
    .safeParse(form.body);
  if (!body.success) {
    const view = await getLessonView(db, params.slug, params.key, lang, user!.id);
    const refused = refusal(c, view, true);
    if (refused) return refused;
    if (view!.lesson.kind !== 'reflection') return renderError(c, 'notFound', 404);
    const state = { body: echoed(form.body, REFLECTION_MAX), error: body.error.issues[0]!.message };
    if (isHtmx(c)) return c.html(<ReflectionForm ui={uiOf(c)} view={view!} form={state} />, 422);
    return render(c, <LessonPage ui={uiOf(c)} view={view!} form={{ reflection: state }} />, 422);
  }
  const view = await saveReflection(db, { userId: user!.id, lang, ...params, body: body.data });
  const refused = refusal(c, view, true);
  if (refused) return refused;
  if (view!.lesson.kind !== 'reflection') return renderError(c, 'notFound', 404);
  if (!isHtmx(c)) return c.redirect(lessonUrl(params.slug, params.key), 303);
  return c.html(<ReflectionForm ui={uiOf(c)} view={view!} oob />);
});
