import { LANGUAGES, type Language } from '../../src/data/schema';
import { ALT_MAX, type Alt, imageMarkdown, MAX_IMAGE_MB, type StoredImage } from '../../src/media/store';
import { adminMediaUrl, mediaUrl } from '../../src/urls';
import type { Ui } from '../context';
import { FieldError, Layout } from '../layout';

export type AltField = `alt_${Language}`;
export type UploadErrors = Partial<Record<'course' | 'file' | AltField, string>>;

/** What the upload form shows: the course, the alt texts as typed, a message per field. */
export type UploadForm = { alt: Alt; errors: UploadErrors };

type CourseMediaProps = {
  ui: Ui;
  course: string;
  images: StoredImage[];
  /** The image just uploaded, shown first with its Markdown. */
  uploaded?: StoredImage | undefined;
  form?: UploadForm | undefined;
};

export const emptyAlt = (): Alt => Object.fromEntries(LANGUAGES.map((lang) => [lang, ''])) as Alt;

/** The course chooser and, once a course is chosen, its images; `courseError`: a malformed slug. */
export function MediaPage(props: CourseMediaProps & { courseError?: string | undefined }) {
  const { ui, course, courseError } = props;
  const { t } = ui;
  return (
    <Layout ui={ui} title={t.media.title}>
      <h1>{t.media.title}</h1>
      <p class="lead">{t.media.lead}</p>
      <form method="get" action={adminMediaUrl()} class="stack">
        <label for="course-choice">{t.media.course}</label>
        <p class="hint" id="course-choice-hint">
          {t.media.courseHint}
        </p>
        <FieldError id="course-choice-error" message={courseError} />
        <input
          id="course-choice"
          name="course"
          value={course}
          required
          pattern="[a-z0-9]+(-[a-z0-9]+)*"
          maxlength={100}
          aria-invalid={courseError ? 'true' : undefined}
          aria-describedby={courseError ? 'course-choice-error course-choice-hint' : 'course-choice-hint'}
        />
        <button type="submit" class="button">
          {t.media.show}
        </button>
      </form>
      {course && !courseError && <CourseMedia {...props} />}
    </Layout>
  );
}

/**
 * A course's images and the upload form: the page's section, and the fragment an htmx upload
 * swaps in (after an upload: the new image first, with its Markdown; after a refusal: the form
 * with the typed alt texts and a message per field).
 */
export function CourseMedia({ ui, course, images, uploaded, form }: CourseMediaProps) {
  const { t } = ui;
  const errors = form?.errors ?? {};
  const alt = form?.alt ?? emptyAlt();
  const action = adminMediaUrl(course);
  const describedBy = (field: string, hint?: string) =>
    [errors[field as keyof UploadErrors] && `${field}-error`, hint].filter(Boolean).join(' ') || undefined;
  return (
    <section id="course-media" aria-labelledby="upload-heading">
      {uploaded && (
        <div class="notice" role="status">
          <h2 id="uploaded-heading" tabindex={-1} autofocus>
            {t.media.uploaded}
          </h2>
          <ImageCard ui={ui} image={uploaded} idPrefix="uploaded" />
        </div>
      )}
      <h2 id="upload-heading">{t.media.upload(course)}</h2>
      <form
        method="post"
        action={action}
        enctype="multipart/form-data"
        class="stack"
        hx-post={action}
        hx-target="#course-media"
        hx-swap="outerHTML"
        hx-indicator="this"
        hx-disable="findAll button"
      >
        <input type="hidden" name="course" value={course} />
        <FieldError id="course-error" message={errors.course} />
        <label for="file">{t.media.file}</label>
        <p class="hint" id="file-hint">
          {t.media.fileHint(MAX_IMAGE_MB)}
        </p>
        <FieldError id="file-error" message={errors.file} />
        <input
          type="file"
          id="file"
          name="file"
          required
          accept="image/png,image/jpeg,image/webp"
          aria-invalid={errors.file ? 'true' : undefined}
          aria-describedby={describedBy('file', 'file-hint')}
        />
        {LANGUAGES.map((lang) => {
          const field: AltField = `alt_${lang}`;
          return (
            <>
              <label for={field}>{t.media.alt[lang]}</label>
              <FieldError id={`${field}-error`} message={errors[field]} />
              <input
                id={field}
                name={field}
                lang={lang}
                value={alt[lang]}
                required
                maxlength={ALT_MAX}
                aria-invalid={errors[field] ? 'true' : undefined}
                aria-describedby={describedBy(field, 'alt-hint')}
              />
            </>
          );
        })}
        <p class="hint" id="alt-hint">
          {t.media.altHint}
        </p>
        <button type="submit" class="button primary">
          {t.media.submit}
        </button>
      </form>
      <h2>{t.media.images}</h2>
      {images.length === 0 ? (
        <p>{t.media.none}</p>
      ) : (
        <ul class="media-list">
          {images.map((image) => (
            <li>
              <ImageCard ui={ui} image={image} idPrefix="image" />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** The image and, per language, the Markdown that shows it in a lesson, ready to copy. */
function ImageCard({ ui, image, idPrefix }: { ui: Ui; image: StoredImage; idPrefix: string }) {
  const { t } = ui;
  const id = `${idPrefix}-${image.key.replace(/\W/g, '-')}`;
  return (
    <figure class="media-card">
      <img src={mediaUrl(image.key)} alt={image.alt[ui.lang]} width={240} loading="lazy" decoding="async" />
      <figcaption>
        {LANGUAGES.map((lang) => (
          <>
            <label for={`${id}-${lang}`}>{t.media.markdown[lang]}</label>
            <textarea id={`${id}-${lang}`} readonly rows={2}>
              {imageMarkdown(image.alt[lang], image.key)}
            </textarea>
          </>
        ))}
      </figcaption>
    </figure>
  );
}
