/**
 * Export a course (its draft or any version) as a .zip in the `content/` format, and import such
 * a .zip as a new course or as the draft of an existing one. Errors name the file and line, as
 * the command-line import does, and an import with errors writes nothing.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { ImportPage } from '../../../views/admin/bundles';
import { type CourseDoc, docOf, parseBundles } from '../../content/bundle';
import { serializeCourse } from '../../content/serialize';
import { bundleOfDoc } from '../../content/validate';
import { MAX_ZIP_BYTES, unzipBundle, zipBundle } from '../../content/zip';
import { exportAuditStatement, importAsDraftWrites, importAsNewWrites } from '../../data/admin/bundles';
import { docOfDraft, draftRead, studioCoursesRead } from '../../data/admin/courses';
import { versionRead } from '../../data/admin/versions';
import { readAll } from '../../db';
import type { AppEnv } from '../../env';
import { params, requireUser, signedIn } from '../../http/guards';
import { render, renderError } from '../../http/render';
import { studioCourseUrl } from '../../urls';
import { readForm } from '../validation';
import { ADMIN, actor, idParam } from './shared';

export const bundleRoutes = new Hono<AppEnv>();

const id = idParam;

bundleRoutes.use(requireUser);

/** The draft, or `?version=N`; one round trip, the export written to the audit log in it. */
bundleRoutes.get('/:id/export', params(z.object({ id })), async (c) => {
  const { id: courseId } = c.req.valid('param');
  const version = z.coerce.number().int().positive().optional().catch(undefined).parse(c.req.query('version'));
  const detail = version ? `version ${version}` : 'draft';
  const page = await signedIn(c, readAll({ draft: draftRead(courseId), version: versionRead(courseId, version ?? 0) }), {
    ...ADMIN,
    writes: [exportAuditStatement(courseId, detail, actor(c))],
  });
  if (page instanceof Response) return page;
  const { draft } = page.value;
  const doc: CourseDoc | undefined = version ? page.value.version?.doc : draft ? docOfDraft(draft) : undefined;
  if (!draft || !doc) return renderError(c, 'notFound', 404);
  const zip = zipBundle(serializeCourse(bundleOfDoc(doc)));
  const name = `${doc.slug}-${version ? `v${version}` : 'draft'}.zip`;
  return c.body(new Uint8Array(zip), 200, {
    'Content-Type': 'application/zip',
    'Content-Disposition': `attachment; filename="${name}"`,
    'Cache-Control': 'private, no-store',
  });
});

bundleRoutes.get('/import', async (c) => {
  const page = await signedIn(c, studioCoursesRead(), ADMIN);
  if (page instanceof Response) return page;
  return render(c, <ImportPage ui={c.var.ui} courses={page.value} />);
});

/** The archive is read and checked in full before anything is written; then one batch. */
bundleRoutes.post('/import', async (c) => {
  const { t } = c.var;
  const form = await readForm(c.req, MAX_ZIP_BYTES + 64 * 1024);
  const target = z
    .union([z.literal('new'), id])
    .catch('new')
    .parse(form.target);
  const file = form.file;
  const problems: string[] = [];
  let doc: CourseDoc | null = null;
  const name = file instanceof File ? file.name.slice(0, 200) : '';
  if (!(file instanceof File) || file.size === 0) problems.push(t.studio.importFileMissing);
  else if (file.size > MAX_ZIP_BYTES) problems.push(t.studio.importTooLarge);
  else {
    const unzipped = unzipBundle(new Uint8Array(await file.arrayBuffer()));
    if (!unzipped.ok) problems.push(`${unzipped.path ? `${unzipped.path}: ` : ''}${unzipped.message}`);
    else {
      const parsed = parseBundles(unzipped.files);
      if (!parsed.ok) problems.push(...parsed.errors.map((e) => `${e.file}:${e.line}: ${e.message}`));
      else if (parsed.courses.length !== 1) problems.push(t.studio.importOneCourse);
      else doc = docOf(parsed.courses[0] as NonNullable<(typeof parsed.courses)[0]>);
    }
  }
  const writes = doc ? (target === 'new' ? importAsNewWrites(doc, name, actor(c)) : importAsDraftWrites(target, doc, name, actor(c))) : [];
  const page = await signedIn(c, studioCoursesRead(), { ...ADMIN, writes });
  if (page instanceof Response) return page;
  if (problems.length > 0 || !doc)
    return render(c, <ImportPage ui={c.var.ui} courses={page.value} problems={problems} target={String(target)} />, 422);
  const imported = page.written[0]?.[0] as { id: number } | undefined;
  if (!imported) {
    const message = target === 'new' ? t.studio.importSlugTaken(doc.slug) : t.studio.importSlugOther(doc.slug);
    return render(c, <ImportPage ui={c.var.ui} courses={page.value} problems={[message]} target={String(target)} />, 422);
  }
  return c.redirect(`${studioCourseUrl(imported.id)}?done=imported`, 303);
});
