/**
 * Drag and drop in the course editor's outline (public/studio.js): a lesson dropped at an index of
 * a module (its own or another), a module dropped at an index among the course's modules. Admins
 * only, as every Studio write: `requireUser` sends visitors to sign in, `signedIn(…, ADMIN)`
 * answers trainers 403, and the SQL checks the role again (src/data/admin/outline.ts).
 *
 * An htmx request (the script sends `HX-Request`) gets the editor page at once, re-read in the
 * same batch, and the script swaps its outline in: the move buttons then match the new order. A
 * plain form post gets the usual 303 back to the editor.
 */
import { type Context, Hono } from 'hono';
import { z } from 'zod';
import { CourseEditorPage } from '../../../views/admin/courses';
import { Notice } from '../../../views/admin/form';
import { type Draft, draftRead } from '../../data/admin/courses';
import { placeLessonWrites, placeModuleWrites } from '../../data/admin/outline';
import type { AppEnv } from '../../env';
import { params, requireUser, signedIn } from '../../http/guards';
import { isHtmx, render, renderError } from '../../http/render';
import { studioCourseUrl } from '../../urls';
import { readForm } from '../validation';
import { ADMIN, actor, idParam } from './shared';

export const studioOutlineRoutes = new Hono<AppEnv>();

const id = idParam;

studioOutlineRoutes.use(requireUser);

/** A 0-based index in a list: digits only (an empty field is not 0). */
const position = z
  .string()
  .regex(/^\d{1,4}$/)
  .transform(Number);

/** After a place: the editor (htmx, for its outline) or a 303 to it; 422 when nothing was written. */
function answer(c: Context<AppEnv>, draft: Draft, placed: boolean) {
  if (!placed) {
    const message = c.var.t.studio.placeRefused;
    if (isHtmx(c)) return c.html(<Notice kind="error" message={message} />, 422);
    return render(c, <CourseEditorPage ui={c.var.ui} draft={draft} error={message} />, 422);
  }
  if (isHtmx(c)) return render(c, <CourseEditorPage ui={c.var.ui} draft={draft} />);
  return c.redirect(studioCourseUrl(draft.id), 303);
}

studioOutlineRoutes.post('/:id/lessons/:lessonId/place', params(z.object({ id, lessonId: id })), async (c) => {
  const { id: courseId, lessonId } = c.req.valid('param');
  const parsed = z.object({ moduleId: id, position }).safeParse(await readForm(c.req));
  const writes = parsed.success ? placeLessonWrites(courseId, { id: lessonId, ...parsed.data }, actor(c)) : [];
  const page = await signedIn(c, draftRead(courseId), { ...ADMIN, writes });
  if (page instanceof Response) return page;
  const draft = page.value;
  const known = (moduleId: number) => draft?.modules.some((m) => m.id === moduleId);
  const lessonKnown = draft?.modules.some((m) => m.lessons.some((l) => l.id === lessonId));
  if (!draft || !lessonKnown || (parsed.success && !known(parsed.data.moduleId))) return renderError(c, 'notFound', 404);
  return answer(c, draft, Boolean(page.written[0]?.length));
});

studioOutlineRoutes.post('/:id/modules/:moduleId/place', params(z.object({ id, moduleId: id })), async (c) => {
  const { id: courseId, moduleId } = c.req.valid('param');
  const parsed = z.object({ position }).safeParse(await readForm(c.req));
  const writes = parsed.success ? placeModuleWrites(courseId, { id: moduleId, ...parsed.data }, actor(c)) : [];
  const page = await signedIn(c, draftRead(courseId), { ...ADMIN, writes });
  if (page instanceof Response) return page;
  const draft = page.value;
  if (!draft?.modules.some((m) => m.id === moduleId)) return renderError(c, 'notFound', 404);
  return answer(c, draft, Boolean(page.written[0]?.length));
});
