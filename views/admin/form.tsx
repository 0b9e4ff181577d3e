import type { Child } from 'hono/jsx';
import type { Localized } from '../../src/content/bundle';
import type { DraftLesson } from '../../src/data/admin/courses';
import { LANGUAGES, type Language } from '../../src/data/schema';
import { dictionaries } from '../../src/i18n';
import { FieldError } from '../layout';

export type FieldErrors = Partial<Record<string, string>>;

/** Drag and drop in the course outline, autosave in the lesson editor: a file, as the CSP allows no inline script. */
export const STUDIO_SCRIPT = '/studio.js';

/** A labelled input with its hint and error tied to it for screen readers. */
export function Input(props: {
  name: string;
  label: string;
  value?: string | number | null | undefined;
  error?: string | undefined;
  hint?: string | undefined;
  type?: 'text' | 'number' | 'url' | 'email' | 'password' | 'date';
  autocomplete?: string;
  required?: boolean;
  readonly?: boolean;
  min?: number;
  max?: number;
  maxlength?: number;
  lang?: Language;
  /** Distinguishes the fields of several forms on one page (ids must be unique). */
  scope?: string;
}) {
  const { name, label, error, hint, value, type = 'text', scope = '', ...rest } = props;
  const id = `f-${scope}${name.replace(/[^a-z0-9-]/gi, '-')}`;
  const described = [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(' ');
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <input
        id={id}
        name={name}
        type={type}
        value={value === null || value === undefined ? '' : String(value)}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={described || undefined}
        {...rest}
      />
      {hint && (
        <p class="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      <FieldError id={`${id}-error`} message={error} />
    </div>
  );
}

export function TextArea(props: {
  name: string;
  label: string;
  value?: string | undefined;
  error?: string | undefined;
  hint?: string | undefined;
  rows?: number;
  lang?: Language;
  maxlength?: number;
  preview?: { url: string; target: string };
  scope?: string;
}) {
  const { name, label, error, hint, value, rows = 4, preview, scope = '', ...rest } = props;
  const id = `f-${scope}${name.replace(/[^a-z0-9-]/gi, '-')}`;
  const described = [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(' ');
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <textarea
        id={id}
        name={name}
        rows={rows}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={described || undefined}
        hx-post={preview?.url}
        hx-trigger={preview ? 'input changed delay:600ms' : undefined}
        hx-target={preview ? `#${preview.target}` : undefined}
        hx-swap={preview ? 'innerHTML' : undefined}
        hx-include={preview ? 'this' : undefined}
        {...rest}
      >
        {value ?? ''}
      </textarea>
      {hint && (
        <p class="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      <FieldError id={`${id}-error`} message={error} />
    </div>
  );
}

export function Select(props: {
  name: string;
  label: string;
  value: string;
  options: { value: string; label: string }[];
  error?: string | undefined;
  hint?: string;
  scope?: string;
  /** The element's id, when a page (or a test) needs its own; else from the scope and name. */
  id?: string;
}) {
  const id = props.id ?? `f-${props.scope ?? ''}${props.name}`;
  const described = [props.hint && `${id}-hint`, props.error && `${id}-error`].filter(Boolean).join(' ');
  return (
    <div class="field">
      <label for={id}>{props.label}</label>
      <select id={id} name={props.name} aria-invalid={props.error ? 'true' : undefined} aria-describedby={described || undefined}>
        {props.options.map((o) => (
          <option value={o.value} selected={o.value === props.value}>
            {o.label}
          </option>
        ))}
      </select>
      {props.hint && (
        <p class="hint" id={`${id}-hint`}>
          {props.hint}
        </p>
      )}
      <FieldError id={`${id}-error`} message={props.error} />
    </div>
  );
}

/** The languages a lesson is not translated into yet: its title, text and quiz, all of them. */
export function untranslated(lesson: Pick<DraftLesson, 'kind' | 'title' | 'body' | 'questions'>): Language[] {
  const texts = [lesson.title, ...(lesson.kind === 'quiz' ? [] : [lesson.body])];
  for (const q of lesson.kind === 'quiz' ? lesson.questions : []) texts.push(q.prompt, ...q.options.map((o) => o.text));
  return missingLanguages(...texts);
}

/**
 * One column per language, side by side where there is room: `render` draws a column's fields.
 * `untranslated` languages get a visible mark in their column's legend.
 */
export function SideBySide({
  mainLanguage,
  render,
  untranslated: marked = [],
  label,
}: {
  mainLanguage: Language;
  render: (lang: Language) => Child;
  untranslated?: Language[];
  label?: (lang: Language) => string;
}) {
  const ordered = [mainLanguage, ...LANGUAGES.filter((l) => l !== mainLanguage)];
  return (
    <div class="side-by-side">
      {ordered.map((lang) => (
        <fieldset lang={lang}>
          <legend>
            {dictionaries[lang].languageName}
            {marked.includes(lang) && label && <span class="untranslated">{label(lang)}</span>}
          </legend>
          {render(lang)}
        </fieldset>
      ))}
    </div>
  );
}

/** The languages a localized text lacks, for the "not translated yet" marks. */
export function missingLanguages(...texts: Localized<string>[]): Language[] {
  return LANGUAGES.filter((lang) => texts.some((t) => !t[lang]?.trim()));
}

export function Notice({ message, kind = 'ok' }: { message: string | undefined; kind?: 'ok' | 'error' }) {
  if (!message) return null;
  return (
    <p class={kind === 'ok' ? 'notice ok' : 'form-error'} role={kind === 'ok' ? 'status' : 'alert'}>
      {message}
    </p>
  );
}

/** A POST button that works without JavaScript; `confirm` is said beside it, not in a dialog. */
export function ActionButton({
  action,
  label,
  name,
  value,
  describedBy,
}: {
  action: string;
  label: string;
  name?: string;
  value?: string;
  describedBy?: string;
}) {
  return (
    <form method="post" action={action} class="inline">
      <button type="submit" class="button small" name={name} value={value} aria-describedby={describedBy}>
        {label}
      </button>
    </form>
  );
}
