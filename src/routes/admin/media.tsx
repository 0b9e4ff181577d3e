import { type Context, Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { z } from 'zod';
import { CourseMedia, emptyAlt, MediaPage, type UploadErrors, type UploadForm } from '../../../views/admin/media';
import { LANGUAGES } from '../../data/schema';
import { nothing } from '../../db';
import type { AppEnv } from '../../env';
import { requireUser, signedIn } from '../../http/guards';
import { isHtmx, render } from '../../http/render';
import { MalformedImageError, sniffImageType, stripImageMetadata } from '../../media/images';
import { ALT_MAX, type Alt, listCourseImages, MAX_IMAGE_BYTES, MAX_IMAGE_MB, putImage } from '../../media/store';
import { adminMediaUrl } from '../../urls';
import { echoed, fieldErrors, keyParam, readForm } from '../validation';

/** Lesson images: admins upload them into R2 and copy the Markdown that shows them. */
export const adminMediaRoutes = new Hono<AppEnv>();

/** The multipart body around the file: the alt texts, the course and the part headers. */
const MAX_UPLOAD_BODY = MAX_IMAGE_BYTES + 16 * 1024;

adminMediaRoutes.get('/', requireUser, async (c) => {
  const page = await signedIn(c, nothing, { role: 'admin' });
  if (page instanceof Response) return page;
  const requested = c.req.query('course');
  if (requested === undefined) return render(c, <MediaPage ui={c.var.ui} course="" images={[]} />);
  const course = keyParam.safeParse(requested);
  if (!course.success) {
    return render(
      c,
      <MediaPage ui={c.var.ui} course={echoed(requested, 100)} courseError={c.var.t.media.errors.course} images={[]} />,
      422,
    );
  }
  const images = await listCourseImages(c.env.MEDIA, course.data);
  const uploaded = images.find((image) => image.key === c.req.query('uploaded'));
  return render(c, <MediaPage ui={c.var.ui} course={course.data} images={images} uploaded={uploaded} />);
});

/**
 * One D1 round trip (the session and the admin role), then the file: its size before reading it,
 * its type from its bytes, its metadata stripped, then R2. A refused upload stores nothing.
 */
adminMediaRoutes.post('/', requireUser, async (c) => {
  const page = await signedIn(c, nothing, { role: 'admin' });
  if (page instanceof Response) return page;
  const { t } = c.var;
  const tooLarge = t.media.errors.fileTooLarge(MAX_IMAGE_MB);
  let body: Record<string, unknown>;
  try {
    body = await readForm(c.req, MAX_UPLOAD_BODY);
  } catch (error) {
    if (!(error instanceof HTTPException && error.status === 413)) throw error;
    // Nothing of the body was kept: the course comes from the form's action URL.
    return refuse(c, c.req.query('course') ?? '', { alt: emptyAlt(), errors: { file: tooLarge } }, 413);
  }
  const typed: UploadForm = { alt: altOf(body), errors: {} };
  const course = typeof body.course === 'string' ? body.course : '';
  if (body.file instanceof File && body.file.size > MAX_IMAGE_BYTES)
    return refuse(c, course, { ...typed, errors: { file: tooLarge } }, 413);

  const parsed = uploadSchema(t).safeParse(body);
  if (!parsed.success) return refuse(c, course, { ...typed, errors: fieldErrors<keyof UploadErrors>(parsed.error) }, 422);
  const { file, course: slug } = parsed.data;

  // 5 MiB at most (checked above): read whole, since stripping needs every segment.
  const bytes = new Uint8Array(await file.arrayBuffer());
  const type = sniffImageType(bytes);
  if (!type) return refuse(c, slug, { ...typed, errors: { file: t.media.errors.fileType } }, 422);
  let stripped: Uint8Array;
  try {
    stripped = stripImageMetadata(bytes, type);
  } catch (error) {
    if (!(error instanceof MalformedImageError)) throw error;
    return refuse(c, slug, { ...typed, errors: { file: t.media.errors.fileBroken } }, 422);
  }
  const alt = Object.fromEntries(LANGUAGES.map((lang) => [lang, parsed.data[`alt_${lang}`]])) as Alt;
  const image = await putImage(c.env.MEDIA, { course: slug, type, bytes: stripped, alt, uploadedBy: page.user.id });

  if (!isHtmx(c)) return c.redirect(adminMediaUrl(slug, image.key), 303);
  const images = await listCourseImages(c.env.MEDIA, slug);
  return c.html(<CourseMedia ui={c.var.ui} course={slug} images={images} uploaded={image} />);
});

function uploadSchema(t: AppEnv['Variables']['t']) {
  const { errors } = t.media;
  const alt = (lang: (typeof LANGUAGES)[number]) =>
    z
      .string(errors.altMissing[lang])
      .transform((value) => value.replace(/\s+/g, ' ').trim())
      .pipe(z.string().min(1, errors.altMissing[lang]).max(ALT_MAX, errors.altTooLong(ALT_MAX)));
  return z.object({
    course: z.string(errors.course).refine((slug) => keyParam.safeParse(slug).success, errors.course),
    file: z.instanceof(File, { message: errors.fileMissing }).refine((file) => file.size > 0, errors.fileMissing),
    ...(Object.fromEntries(LANGUAGES.map((lang) => [`alt_${lang}`, alt(lang)])) as Record<
      `alt_${(typeof LANGUAGES)[number]}`,
      ReturnType<typeof alt>
    >),
  });
}

/** The alt texts as typed, cut to their maximum, to show again with the messages. */
function altOf(body: Record<string, unknown>): Alt {
  return Object.fromEntries(LANGUAGES.map((lang) => [lang, echoed(body[`alt_${lang}`], ALT_MAX)])) as Alt;
}

/**
 * A refused upload: the upload section again (htmx swaps it in place) or the whole page, with the
 * typed alt texts and a message per field. A course we cannot read shows the chooser's message.
 */
async function refuse(c: Context<AppEnv>, requested: string, form: UploadForm, status: 413 | 422) {
  const course = keyParam.safeParse(requested);
  if (!course.success) {
    const message = c.var.t.media.errors.course;
    if (isHtmx(c))
      return c.html(
        <p class="form-error" role="alert">
          {message}
        </p>,
        422,
      );
    return render(c, <MediaPage ui={c.var.ui} course={echoed(requested, 100)} courseError={message} images={[]} />, 422);
  }
  const images = await listCourseImages(c.env.MEDIA, course.data);
  if (isHtmx(c)) return c.html(<CourseMedia ui={c.var.ui} course={course.data} images={images} form={form} />, status);
  return render(c, <MediaPage ui={c.var.ui} course={course.data} images={images} form={form} />, status);
}
