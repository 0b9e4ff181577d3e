import { type Context, Hono } from 'hono';
import { z } from 'zod';
import { CourseOutline, CoursePage, CourseProgress, EnrolWidget } from '../../views/courses';
import { courseRead, enrolStatement, isVisible } from '../data/courses';
import type { AppEnv } from '../env';
import { load } from '../http/context';
import { params, requireUser, signedIn } from '../http/guards';
import { cachePublicPage } from '../http/page-cache';
import { isHtmx, render, renderError } from '../http/render';
import { courseUrl } from '../urls';
import { keyParam, localPath, readForm } from './validation';

export const courseRoutes = new Hono<AppEnv>();

/** Where an enrolment returns: the lesson it was made from (`next`), else the course page. */
async function backTo(c: Context<AppEnv>, fallback: string) {
  const next = localPath.safeParse((await readForm(c.req)).next);
  return next.success ? next.data : fallback;
}

const courseParams = params(z.object({ slug: keyParam }));

courseRoutes.get('/:slug', cachePublicPage, courseParams, async (c) => {
  const { slug } = c.req.valid('param');
  const { value: view, user } = await load(c, courseRead(slug, c.var.lang, c.var.me));
  if (!isVisible(view, user?.role)) return renderError(c, 'notFound', 404);
  return render(c, <CoursePage ui={c.var.ui} view={view} />);
});

courseRoutes.post('/:slug/enrol', requireUser, courseParams, async (c) => {
  const { slug } = c.req.valid('param');
  const { lang, me, now } = c.var;
  const page = await signedIn(c, courseRead(slug, lang, me), { writes: [enrolStatement(slug, me, now)] });
  if (page instanceof Response) return page;
  const view = page.value;
  if (!view?.course.published) return renderError(c, 'notFound', 404);
  if (!isHtmx(c)) return c.redirect(await backTo(c, courseUrl(slug)), 303);
  const { ui } = c.var;
  return c.html(
    <>
      <EnrolWidget ui={ui} view={view} />
      <CourseProgress ui={ui} view={view} oob />
      <CourseOutline ui={ui} view={view} oob />
    </>,
  );
});
