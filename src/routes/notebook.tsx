import { Hono } from 'hono';
import { z } from 'zod';
import { NotebookPage } from '../../views/notebook';
import { notebookRead } from '../data/notebook';
import type { AppEnv } from '../env';
import { params, requireUser, signedIn } from '../http/guards';
import { render, renderError } from '../http/render';
import { keyParam } from './validation';

export const notebookRoutes = new Hono<AppEnv>();

notebookRoutes.get('/:slug/notebook', requireUser, params(z.object({ slug: keyParam })), async (c) => {
  const { slug } = c.req.valid('param');
  const page = await signedIn(c, notebookRead(slug, c.var.lang, c.var.me));
  if (page instanceof Response) return page;
  if (!page.value) return renderError(c, 'notFound', 404);
  const { view, entries } = page.value;
  if (view.course.enrolledAt === null) return renderError(c, 'forbidden', 403);
  return render(c, <NotebookPage ui={c.var.ui} courseTitle={view.course.title} slug={slug} entries={entries} />);
});
