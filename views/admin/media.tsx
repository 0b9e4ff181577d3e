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
      <form method="get" action={adminMediaUrl()} class="stack narrow" novalidate>
        <Field
          name="course"
          type="text"
          label={t.media.course}
          hint={t.media.courseHint}
          error={courseError}
          value={course}
          maxlength={100}
        />
        <div>
          <button type="submit" class="button">
            {t.media.show}
          </button>
        </div>
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
  return (
    <section id="course-media" aria-labelledby="upload-heading">
      {uploaded && (
        <div class="notice">
          {/* htmx focuses `autofocus` in swapped content: the message is read out and in view. */}
          <p role="status" tabindex={-1} autofocus>
            <strong>{t.media.uploaded}</strong>
          </p>
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
        novalidate
      >
        <input type="hidden" name="course" value={course} />
        <FieldError id="course-error" message={errors.course} />
        <Field
          name="file"
          type="file"
          label={t.media.file}
          hint={t.media.fileHint(MAX_IMAGE_MB)}
          error={errors.file}
          accept="image/png,image/jpeg,image/webp"
        />
        {LANGUAGES.map((lang) => (
          <Field
            name={`alt_${lang}`}
            type="text"
            label={t.media.alt[lang]}
            hint={t.media.altHint}
            error={errors[`alt_${lang}`]}
            value={alt[lang]}
            lang={lang}
            maxlength={ALT_MAX}
          />
        ))}
        <div>
          <button type="submit" class="button primary">
            {t.media.submit}
          </button>
        </div>
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
            <textarea id={`${id}-${lang}`} readonly rows={3}>
              {imageMarkdown(image.alt[lang], image.key)}
            </textarea>
          </>
        ))}
      </figcaption>
    </figure>
  );
}

/** A labelled input with its hint and error tied to it for screen readers, as on the sign-in form. */
function Field(props: {
  name: string;
  label: string;
  hint: string;
  error: string | undefined;
  type: 'text' | 'file';
  value?: string;
  lang?: string;
  accept?: string;
  maxlength?: number;
}) {
  const { name, label, hint, error, ...input } = props;
  const described = [`${name}-hint`, error && `${name}-error`].filter(Boolean).join(' ');
  return (
    <div class="field">
      <label for={name}>{label}</label>
      <input id={name} name={name} required aria-invalid={error ? 'true' : undefined} aria-describedby={described} {...input} />
      <p class="hint" id={`${name}-hint`}>
        {hint}
      </p>
      <FieldError id={`${name}-error`} message={error} />
    </div>
  );
}
