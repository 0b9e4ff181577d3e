import { type Context, Hono } from 'hono';
import { z } from 'zod';
import { CourseOutline, CoursePage, CourseProgress, type EnrolError, EnrolWidget } from '../../views/courses';
import { type EnrolAsk, EnrolProfileForm, EnrolProfilePage, type ProfileErrors } from '../../views/profile';
import { type CourseView, courseRead, enrolWrites, isVisible, leaveWaitlistStatement } from '../data/courses';
import { declineProfileStatement, profileRead, saveProfileStatement } from '../data/profiles';
import { readAll } from '../db';
import type { AppEnv } from '../env';
import { load } from '../http/context';
import { params, requireUser, signedIn } from '../http/guards';
import { cachePublicPage } from '../http/page-cache';
import { isHtmx, render, renderError } from '../http/render';
import { courseUrl } from '../urls';
import { idParam } from './admin/shared';
import { MIN_AGE, type ProfileValues, readProfileChoice } from './profile-form';
import { echoed, keyParam, localPath, readForm } from './validation';

export const courseRoutes = new Hono<AppEnv>();

/** Where an enrolment returns: the lesson it was made from (`next`), else the course page. */
function backTo(form: Record<string, unknown>, fallback: string) {
  const next = localPath.safeParse(form.next);
  return next.success ? next.data : fallback;
}

const courseParams = params(z.object({ slug: keyParam }));

courseRoutes.get('/:slug', cachePublicPage, courseParams, async (c) => {
  const { slug } = c.req.valid('param');
  const { value: view, user } = await load(c, courseRead(slug, c.var.lang, c.var.me));
  if (!isVisible(view, user?.role)) return renderError(c, 'notFound', 404);
  return render(c, <CoursePage ui={c.var.ui} view={view} />);
});

/** The cohort to enrol in (none: the default cohort, as the lesson page's button and older forms send) and its key. */
const enrolForm = z.object({
  cohort: z.union([z.literal('').transform(() => null), idParam]).default(null),
  key: z.string().max(100).default(''),
});

/**
 * Takes a seat in a cohort, or a place on its waitlist when it is full (one batch: the seat is
 * counted and taken in the same transaction, so two trainers cannot both take the last one).
 * Refused (closed, ended, wrong key, another course's cohort): 422 with the reason, nothing written.
 */
courseRoutes.post('/:slug/enrol', requireUser, courseParams, async (c) => {
  const { slug } = c.req.valid('param');
  const { lang, me, now, t } = c.var;
  const form = await readForm(c.req);
  const parsed = enrolForm.safeParse(form);
  // The participant profile, when this form carried it (src/data/profiles.ts): saved or declined
  // in the same batch, before the seat that waits for it.
  const choice = readProfileChoice(form, t, now);
  const profileWrites =
    choice.kind === 'save'
      ? [saveProfileStatement(me, choice.answers, now)]
      : choice.kind === 'decline'
        ? [declineProfileStatement(me, now)]
        : [];
  const writes =
    parsed.success && choice.kind !== 'invalid'
      ? [...profileWrites, ...enrolWrites(slug, parsed.data.cohort, parsed.data.key, me, now)]
      : [];
  const page = await signedIn(c, readAll({ view: courseRead(slug, lang, me), profile: profileRead(me) }), { writes });
  if (page instanceof Response) return page;
  const { view, profile } = page.value;
  if (!view?.course.published) return renderError(c, 'notFound', 404);
  const ask: EnrolAsk = { cohort: echoed(form.cohort, 20), key: echoed(form.key, 100), next: backTo(form, '') };
  if (choice.kind === 'invalid') return askProfile(c, view, ask, 422, choice.values, choice.errors);
  const seat = profileWrites.length;
  const taken = (page.written[seat]?.length ?? 0) + (page.written[seat + 1]?.length ?? 0) > 0;
  if (!taken && view.course.enrolledAt === null && !view.waiting) {
    // Not asked yet: the questions first, then the same enrolment.
    if (c.var.settings.askProfile && profile === null && profileWrites.length === 0) return askProfile(c, view, ask, 200);
    const asked = parsed.success
      ? view.cohorts.find((h) => (parsed.data.cohort === null ? h.isDefault : h.id === parsed.data.cohort))
      : undefined;
    const error = asked ? { cohortId: asked.id, message: asked.hasKey ? t.cohorts.wrongKey : t.cohorts.notOpen } : undefined;
    return refused(c, view, error);
  }
  if (!isHtmx(c)) return c.redirect(backTo(form, courseUrl(slug)), 303);
  return widget(c, view);
});

/** The profile's questions in place of the enrol widget (htmx) or as their own page. */
function askProfile(
  c: Context<AppEnv>,
  view: CourseView,
  ask: EnrolAsk,
  status: 200 | 422,
  values?: ProfileValues,
  errors?: ProfileErrors,
) {
  const props = { ui: c.var.ui, view, ask, values, errors, maxYear: new Date(c.var.now).getUTCFullYear() - MIN_AGE };
  if (isHtmx(c)) return c.html(<EnrolProfileForm {...props} />, status);
  return render(c, <EnrolProfilePage {...props} />, status);
}

/** A refused enrolment: the widget (htmx) or the page with the message, 422. */
function refused(c: Context<AppEnv>, view: CourseView, error: EnrolError | undefined) {
  // A cohort that is not among the open ones has no form of its own: the widget says it above them.
  const message = error ?? { cohortId: 0, message: c.var.t.cohorts.notOpen };
  if (isHtmx(c)) return c.html(<EnrolWidget ui={c.var.ui} view={view} error={message} />, 422);
  return render(c, <CoursePage ui={c.var.ui} view={view} error={message} />, 422);
}

function widget(c: Context<AppEnv>, view: CourseView) {
  const { ui } = c.var;
  return c.html(
    <>
      <EnrolWidget ui={ui} view={view} />
      <CourseProgress ui={ui} view={view} oob />
      <CourseOutline ui={ui} view={view} oob />
    </>,
  );
}

/** Leaves the course's waitlist: the place in line is given up. */
courseRoutes.post('/:slug/waitlist/leave', requireUser, courseParams, async (c) => {
  const { slug } = c.req.valid('param');
  const { lang, me } = c.var;
  const page = await signedIn(c, courseRead(slug, lang, me), { writes: [leaveWaitlistStatement(slug, me)] });
  if (page instanceof Response) return page;
  const view = page.value;
  if (!isVisible(view, page.user.role)) return renderError(c, 'notFound', 404);
  if (!isHtmx(c)) return c.redirect(courseUrl(slug), 303);
  return widget(c, view);
});
