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
import { type BundleImage, MAX_ZIP_BYTES, unzipBundle, zipBundle } from '../../content/zip';
import { exportAuditStatement, importAsDraftWrites, importAsNewWrites } from '../../data/admin/bundles';
import { docOfDraft, draftRead, studioCoursesRead } from '../../data/admin/courses';
import { versionRead } from '../../data/admin/versions';
import { readAll } from '../../db';
import type { AppEnv } from '../../env';
import { params, requireUser, signedIn } from '../../http/guards';
import { render, renderError } from '../../http/render';
import { IMAGE_CONTENT_TYPES, type ImageType, sniffImageType, stripImageMetadata } from '../../media/images';
import { isMediaKey, MAX_IMAGE_BYTES } from '../../media/store';
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
  const zip = zipBundle(serializeCourse(bundleOfDoc(doc)), await imagesOf(c.env.MEDIA, doc));
  const name = `${doc.slug}-${version ? `v${version}` : 'draft'}.zip`;
  return c.body(new Uint8Array(zip), 200, {
    'Content-Type': 'application/zip',
    'Content-Disposition': `attachment; filename="${name}"`,
    'Cache-Control': 'private, no-store',
  });
});

/** The lesson images a course's texts show (by their /media/ keys), read from R2; no D1. */
async function imagesOf(bucket: R2Bucket, doc: CourseDoc): Promise<BundleImage[]> {
  const texts = doc.modules.flatMap((m) => m.lessons.flatMap((l) => Object.values(l.body)));
  const keys = new Set(texts.flatMap((text) => [...(text ?? '').matchAll(/\/media\/(\S+?\.(?:png|jpg|webp))\b/g)].map((m) => m[1] ?? '')));
  const images: BundleImage[] = [];
  for (const key of [...keys].filter(isMediaKey)) {
    const object = await bucket.get(key);
    if (object) images.push({ key, bytes: new Uint8Array(await object.arrayBuffer()) });
  }
  return images;
}

/**
 * The images of an imported bundle, checked as an upload is: by their bytes, with location and
 * camera metadata stripped again (the archive may come from anywhere). Null when one is not an
 * image we take.
 */
function checkedImages(images: BundleImage[]): { key: string; type: ImageType; bytes: Uint8Array }[] | null {
  const checked = [];
  for (const image of images) {
    const type = sniffImageType(image.bytes);
    if (!type || image.bytes.length > MAX_IMAGE_BYTES) return null;
    try {
      checked.push({ key: image.key, type, bytes: stripImageMetadata(image.bytes, type) });
    } catch {
      return null;
    }
  }
  return checked;
}

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
  let images: ReturnType<typeof checkedImages> = [];
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
      images = checkedImages(unzipped.images);
      if (!images) {
        problems.push(t.studio.importBadImage);
        doc = null;
      }
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
  // After the draft is written: a refused import leaves R2 as it was too. Keys are random and
  // never reused, so putting an image that is already there changes nothing.
  for (const image of images ?? []) {
    await c.env.MEDIA.put(image.key, image.bytes, { httpMetadata: { contentType: IMAGE_CONTENT_TYPES[image.type] } });
  }
  return c.redirect(`${studioCourseUrl(imported.id)}?done=imported`, 303);
});
