import { Hono } from 'hono';
import { z } from 'zod';
import { findCertificate } from '../data/certificates';
import { getCourseView, listCatalogue } from '../data/courses';
import { getNotebook } from '../data/learning';
import { enrolTrainer } from '../data/progress';
import type { AppEnv } from '../env';
import { isHtmx, render, renderError, requireUser } from '../middleware';
import { CataloguePage } from '../../views/catalogue';
import { CertificatePage } from '../../views/certificate';
import { uiOf } from '../../views/context';
import { CourseOutline, CourseProgress, CoursePage, EnrolWidget } from '../../views/course';
import { NotebookPage } from '../../views/learning';
import { keyParam, languageField } from './validation';

export const courseRoutes = new Hono<AppEnv>();

const catalogueQuery = z.object({ lang: z.union([languageField, z.literal('')]).optional() });

courseRoutes.get('/', async (c) => {
  const { db, lang, user } = c.var;
  const parsed = catalogueQuery.safeParse(c.req.query());
  const filter = parsed.success && parsed.data.lang ? parsed.data.lang : null;
  const courses = await listCatalogue(db, lang, user?.id ?? null, filter);
  return render(c, <CataloguePage ui={uiOf(c)} courses={courses} filter={filter} />, parsed.success ? 200 : 422);
});

courseRoutes.get('/:slug', async (c) => {
  const slug = keyParam.safeParse(c.req.param('slug'));
  if (!slug.success) return renderError(c, 'notFound', 404);
  const view = await getCourseView(c.var.db, slug.data, c.var.lang, c.var.user?.id ?? null);
  if (!view || (!view.course.published && c.var.user?.role !== 'admin')) return renderError(c, 'notFound', 404);
  return render(c, <CoursePage ui={uiOf(c)} view={view} />);
});

courseRoutes.post('/:slug/enrol', requireUser, async (c) => {
  const slug = keyParam.safeParse(c.req.param('slug'));
  if (!slug.success) return renderError(c, 'notFound', 404);
  const view = await enrolTrainer(c.var.db, { userId: c.var.user!.id, slug: slug.data, lang: c.var.lang });
  if (!view || !view.course.published) return renderError(c, 'notFound', 404);
  if (!isHtmx(c)) return c.redirect(`/courses/${slug.data}`, 303);
  const ui = uiOf(c);
  return c.html(
    <>
      <EnrolWidget ui={ui} view={view} />
      <CourseProgress ui={ui} view={view} oob />
      <CourseOutline ui={ui} view={view} oob />
    </>,
  );
});

courseRoutes.get('/:slug/certificate', requireUser, async (c) => {
  const slug = keyParam.safeParse(c.req.param('slug'));
  if (!slug.success) return renderError(c, 'notFound', 404);
  const certificate = await findCertificate(c.var.db, { userId: c.var.user!.id, slug: slug.data }, c.var.lang);
  if (!certificate) return renderError(c, 'notFound', 404);
  return render(c, <CertificatePage ui={uiOf(c)} certificate={certificate} origin={new URL(c.req.url).origin} />);
});

courseRoutes.get('/:slug/notebook', requireUser, async (c) => {
  const slug = keyParam.safeParse(c.req.param('slug'));
  if (!slug.success) return renderError(c, 'notFound', 404);
  const notebook = await getNotebook(c.var.db, c.var.user!.id, slug.data, c.var.lang);
  if (!notebook) return renderError(c, 'notFound', 404);
  const { view, entries } = notebook;
  if (view.course.enrolledAt === null) return renderError(c, 'forbidden', 403);
  return render(c, <NotebookPage ui={uiOf(c)} courseTitle={view.course.title} slug={slug.data} entries={entries} />);
});
