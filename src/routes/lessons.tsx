import { type Context, Hono } from 'hono';
import { z } from 'zod';
import { CompleteWidget, type LessonFormState, LessonPage, QuizSection, REFLECTION_MAX, ReflectionForm } from '../../views/lessons';
import type { SessionUser } from '../auth/session';
import { isVisible } from '../data/courses';
import { completeWrites, type LessonView, lessonRead, quizAttemptWrites, reflectionWrites } from '../data/lessons';
import type { LessonKind } from '../data/schema';
import type { AppEnv } from '../env';
import { load } from '../http/context';
import { params, requireUser, signedIn } from '../http/guards';
import { cachePublicPage } from '../http/page-cache';
import { isHtmx, render, renderError } from '../http/render';
import { readAnswers } from '../quiz';
import { lessonUrl } from '../urls';
import { echoed, keyParam, readForm } from './validation';

export const lessonRoutes = new Hono<AppEnv>();

const lessonParams = params(z.object({ slug: keyParam, key: keyParam }));

/**
 * Whether a trainer's write on a lesson stands, from what its batch read (the write itself was
 * conditional on the same facts): the course is one the trainer may see, the lesson exists with
 * the kind the action needs, and the trainer is enrolled in a cohort that lets them complete it now.
 */
function allows(view: LessonView | null, user: SessionUser, kind: LessonKind): view is LessonView {
  return isVisible(view, user.role) && view.lesson.kind === kind && view.course.enrolledAt !== null && view.course.gate === null;
}

/** 403 when only the enrolment (or its cohort's dates) is missing; 404 otherwise. */
function refuse(c: Context<AppEnv>, view: LessonView | null, user: SessionUser, kind: LessonKind) {
  const onlyNotEnrolled = isVisible(view, user.role) && view.lesson.kind === kind;
  return onlyNotEnrolled ? renderError(c, 'forbidden', 403) : renderError(c, 'notFound', 404);
}

lessonRoutes.get('/:slug/lessons/:key', cachePublicPage, lessonParams, async (c) => {
  const { slug, key } = c.req.valid('param');
  const { value: view, user } = await load(c, lessonRead(slug, key, c.var.lang, c.var.me));
  if (!isVisible(view, user?.role)) return renderError(c, 'notFound', 404);
  return render(c, <LessonPage ui={c.var.ui} view={view} />);
});

lessonRoutes.post('/:slug/lessons/:key/complete', requireUser, lessonParams, async (c) => {
  const target = { ...c.req.valid('param'), me: c.var.me, now: c.var.now };
  const page = await signedIn(c, lessonRead(target.slug, target.key, c.var.lang, c.var.me), { writes: completeWrites(target) });
  if (page instanceof Response) return page;
  const view = page.value;
  if (!allows(view, page.user, 'page')) return refuse(c, view, page.user, 'page');
  if (!isHtmx(c)) return c.redirect(lessonUrl(target.slug, target.key), 303);
  return c.html(<CompleteWidget ui={c.var.ui} view={view} oob />);
});

/** One batch scores and keeps the attempt (see quizAttemptWrites); unanswered questions: 422. */
lessonRoutes.post('/:slug/lessons/:key/attempts', requireUser, lessonParams, async (c) => {
  const { slug, key } = c.req.valid('param');
  const answers = readAnswers(await readForm(c.req));
  const writes = quizAttemptWrites({ slug, key, me: c.var.me, now: c.var.now, answers });
  const page = await signedIn(c, lessonRead(slug, key, c.var.lang, c.var.me), { writes });
  if (page instanceof Response) return page;
  const view = page.value;
  if (!allows(view, page.user, 'quiz')) return refuse(c, view, page.user, 'quiz');
  const recorded = (page.written[0]?.length ?? 0) > 0;
  if (!recorded) {
    const state: LessonFormState = { quiz: { answers, error: c.var.t.quiz.answerEvery } };
    if (isHtmx(c)) return c.html(<QuizSection ui={c.var.ui} view={view} form={state.quiz} />, 422);
    return render(c, <LessonPage ui={c.var.ui} view={view} form={state} />, 422);
  }
  if (!isHtmx(c)) return c.redirect(`${lessonUrl(slug, key)}#quiz-result`, 303);
  return c.html(<QuizSection ui={c.var.ui} view={view} oob />);
});

lessonRoutes.post('/:slug/lessons/:key/reflection', requireUser, lessonParams, async (c) => {
  const { slug, key } = c.req.valid('param');
  const { lang, me, now, t } = c.var;
  const form = await readForm(c.req);
  // `z.string(message)`: a missing or repeated field gets the same message as an empty one.
  const body = z
    .string(t.reflection.empty)
    .trim()
    .min(1, t.reflection.empty)
    .max(REFLECTION_MAX, t.reflection.tooLong(REFLECTION_MAX))
    .safeParse(form.body);
  const writes = body.success ? reflectionWrites({ slug, key, me, now: now, body: body.data }) : [];
  const page = await signedIn(c, lessonRead(slug, key, lang, me), { writes });
  if (page instanceof Response) return page;
  const view = page.value;
  if (!allows(view, page.user, 'reflection')) return refuse(c, view, page.user, 'reflection');
  if (!body.success) {
    const state = { body: echoed(form.body, REFLECTION_MAX), error: body.error.issues[0]?.message ?? t.reflection.empty };
    if (isHtmx(c)) return c.html(<ReflectionForm ui={c.var.ui} view={view} form={state} />, 422);
    return render(c, <LessonPage ui={c.var.ui} view={view} form={{ reflection: state }} />, 422);
  }
  if (!isHtmx(c)) return c.redirect(lessonUrl(slug, key), 303);
  return c.html(<ReflectionForm ui={c.var.ui} view={view} oob />);
});
