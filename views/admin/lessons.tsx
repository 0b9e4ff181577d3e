import { raw } from 'hono/html';
import type { QuestionBundle } from '../../src/content/bundle';
import type { Draft, DraftLesson } from '../../src/data/admin/courses';
import { LANGUAGES, type Language } from '../../src/data/schema';
import { dictionaries, formatTime } from '../../src/i18n';
import { adminMediaUrl, studioCourseUrl, studioLessonUrl, studioPreviewUrl } from '../../src/urls';
import type { Ui } from '../context';
import { Layout } from '../layout';
import { StudioNav } from './courses';
import { ActionButton, type FieldErrors, Input, Notice, SideBySide, STUDIO_SCRIPT, TextArea, untranslated } from './form';

/** What the lesson form holds: the saved lesson, or what the admin typed (after a 422 or a conflict). */
export type LessonValues = {
  revision: number;
  key: string;
  required: boolean;
  passPercent: string;
  sources: string;
  title: Partial<Record<Language, string>>;
  body: Partial<Record<Language, string>>;
  questions: QuestionBundle[];
};

export function lessonValuesOf(lesson: DraftLesson): LessonValues {
  return {
    revision: lesson.revision,
    key: lesson.key,
    required: lesson.required,
    passPercent: lesson.passPercent === null ? '' : String(lesson.passPercent),
    sources: lesson.sources.map((s) => (s.url ? `${s.title} | ${s.url}` : s.title)).join('\n'),
    title: lesson.title,
    body: lesson.body,
    questions: lesson.questions,
  };
}

export function LessonEditorPage({
  ui,
  draft,
  lesson,
  values,
  errors = {},
  notice,
  theirs,
}: {
  ui: Ui;
  draft: Draft;
  lesson: DraftLesson;
  values?: LessonValues;
  errors?: FieldErrors;
  notice?: string | undefined;
  /** On a conflict: the lesson as the other admin saved it. */
  theirs?: DraftLesson | undefined;
}) {
  const { t } = ui;
  const v = values ?? lessonValuesOf(lesson);
  const heading = lesson.title[draft.mainLanguage] ?? lesson.key;
  const action = studioLessonUrl(draft.id, lesson.id);
  return (
    <Layout ui={ui} title={`${heading} · ${t.studio.title}`} wide scripts={[STUDIO_SCRIPT]}>
      <StudioNav ui={ui} />
      <p>
        <a href={studioCourseUrl(draft.id)}>← {draft.title[draft.mainLanguage] ?? draft.slug}</a>
      </p>
      <h1>
        {heading} <span class="meta">({t.course.kind[lesson.kind]})</span>
      </h1>
      <Notice message={notice} />
      <Notice kind="error" message={errors.form} />
      {theirs && (
        <section class="conflict" role="alert" aria-labelledby="conflict-title">
          <h2 id="conflict-title">{t.studio.conflictTitle}</h2>
          <p>{t.studio.conflict}</p>
          <h3>{t.studio.theirs}</h3>
          <SideBySide
            mainLanguage={draft.mainLanguage}
            render={(lang) => (
              <>
                <p>
                  <strong>{theirs.title[lang] ?? ''}</strong>
                </p>
                <pre class="theirs">{theirs.body[lang] ?? ''}</pre>
              </>
            )}
          />
        </section>
      )}
      {/* Autosave where JavaScript runs (public/studio.js), paused while a conflict is on screen. */}
      <form method="post" action={action} class="stack lesson-editor" novalidate data-autosave={theirs ? 'false' : 'true'}>
        <input type="hidden" name="revision" value={String(v.revision)} />
        <div class="grid-3">
          {lesson.published ? (
            <div class="field">
              <p class="label">{t.studio.key}</p>
              <p>
                <code>{lesson.key}</code>
              </p>
              <p class="hint">{t.studio.keyFrozen}</p>
            </div>
          ) : (
            <Input name="key" label={t.studio.key} hint={t.studio.keyHint} value={v.key} error={errors.key} maxlength={100} />
          )}
          <div class="field checkbox">
            <input type="checkbox" id="f-required" name="required" value="1" checked={v.required} />
            <label for="f-required">{t.studio.required}</label>
          </div>
          {lesson.kind === 'quiz' && (
            <Input
              name="passPercent"
              type="number"
              label={t.studio.passPercent}
              value={v.passPercent}
              error={errors.passPercent}
              min={1}
              max={100}
            />
          )}
        </div>
        <SideBySide
          mainLanguage={draft.mainLanguage}
          untranslated={untranslated({ kind: lesson.kind, title: v.title, body: v.body, questions: v.questions })}
          label={(lang) => t.studio.notTranslated(dictionaries[lang].languageName)}
          render={(lang) => (
            <>
              <Input
                name={`title.${lang}`}
                label={t.studio.lessonTitle}
                value={v.title[lang]}
                error={errors[`title.${lang}`]}
                lang={lang}
                maxlength={200}
              />
              <TextArea
                name={`body.${lang}`}
                label={t.studio.body}
                value={v.body[lang]}
                error={errors[`body.${lang}`]}
                lang={lang}
                rows={14}
                maxlength={60000}
                preview={{ url: studioPreviewUrl(lang), target: `preview-${lang}` }}
              />
              <section class="preview" aria-label={`${t.studio.preview} (${lang})`}>
                <h3>{t.studio.preview}</h3>
                <div id={`preview-${lang}`} class="prose" aria-live="polite" lang={lang}>
                  <p class="meta">{t.studio.previewEmpty}</p>
                </div>
              </section>
            </>
          )}
        />
        {lesson.kind === 'quiz' && <QuizEditor ui={ui} mainLanguage={draft.mainLanguage} questions={v.questions} errors={errors} />}
        <p>
          <a href={adminMediaUrl(draft.slug)}>{t.studio.addImage}</a>
        </p>
        <TextArea
          name="sources"
          label={t.studio.sources}
          hint={t.studio.sourcesHint}
          value={v.sources}
          error={errors.sources}
          rows={4}
          maxlength={5000}
        />
        <button type="submit" class="button primary">
          {t.studio.save}
        </button>
        <p
          class="save-state"
          role="status"
          data-autosave-status
          data-saving={t.studio.autosaving}
          data-failed={t.studio.autosaveFailed}
        ></p>
      </form>
      <p class="hint" id="delete-lesson">
        {t.studio.deleteLessonConfirm}
      </p>
      <ActionButton action={`${action}/delete`} label={t.studio.delete} describedBy="delete-lesson" />
    </Layout>
  );
}

const EMPTY_OPTION: QuestionBundle['options'][number] = { correct: false, text: {}, explanation: {} };

/** One empty answer more, and two for a question that has fewer: a question needs two to save. */
const blankOptions = (filled: number) => Array.from({ length: Math.max(1, 2 - filled) }, () => EMPTY_OPTION);

/**
 * The quiz's questions as plain form fields: `q.<i>.prompt.<lang>`, `q.<i>.multiple`,
 * `q.<i>.o.<j>.correct|text.<lang>|explanation.<lang>`. One empty question and one empty option per
 * question more than there are (two for a new question, the fewest it saves with) let an admin add
 * without JavaScript; empty ones are dropped on save.
 */
function QuizEditor({
  ui,
  mainLanguage,
  questions,
  errors,
}: {
  ui: Ui;
  mainLanguage: Language;
  questions: QuestionBundle[];
  errors: FieldErrors;
}) {
  const { t } = ui;
  const rows: QuestionBundle[] = [...questions, { key: '', multiple: false, prompt: {}, options: [] }];
  return (
    <section aria-labelledby="quiz-editor" class="quiz-editor">
      <h2 id="quiz-editor">{t.studio.questions}</h2>
      <p class="hint">{t.studio.questionsHint}</p>
      {rows.map((q, i) => (
        <fieldset class="question">
          <legend>{q.key ? t.studio.question(i + 1) : t.studio.newQuestion}</legend>
          <input type="hidden" name={`q.${i}.key`} value={q.key} />
          <FieldErrorLine message={errors[`q.${i}`]} />
          <div class="field checkbox">
            <input type="checkbox" id={`f-q${i}-multiple`} name={`q.${i}.multiple`} value="1" checked={q.multiple} />
            <label for={`f-q${i}-multiple`}>{t.studio.multiple}</label>
          </div>
          <SideBySide
            mainLanguage={mainLanguage}
            render={(lang) => (
              <Input name={`q.${i}.prompt.${lang}`} label={t.studio.prompt} value={q.prompt[lang]} lang={lang} maxlength={1000} />
            )}
          />
          {[...q.options, ...blankOptions(q.options.length)].map((o, j) => (
            <div class="option">
              <div class="field checkbox">
                <input type="checkbox" id={`f-q${i}-o${j}-correct`} name={`q.${i}.o.${j}.correct`} value="1" checked={o.correct} />
                <label for={`f-q${i}-o${j}-correct`}>{t.studio.correct(j + 1)}</label>
              </div>
              <SideBySide
                mainLanguage={mainLanguage}
                render={(lang) => (
                  <>
                    <Input
                      name={`q.${i}.o.${j}.text.${lang}`}
                      label={t.studio.option(j + 1)}
                      value={o.text[lang]}
                      lang={lang}
                      maxlength={1000}
                    />
                    <Input
                      name={`q.${i}.o.${j}.explanation.${lang}`}
                      label={t.studio.explanation}
                      value={o.explanation[lang]}
                      lang={lang}
                      maxlength={2000}
                    />
                  </>
                )}
              />
            </div>
          ))}
        </fieldset>
      ))}
    </section>
  );
}

function FieldErrorLine({ message }: { message: string | undefined }) {
  return message ? <p class="field-error">{message}</p> : null;
}

/**
 * What an autosave gets back (public/studio.js shows its text in the form's status line): the
 * lesson's new revision, which the form must send next, and when it was saved; or why it was not.
 */
export function AutosaveState({ ui, saved, errors = {} }: { ui: Ui; saved?: { revision: number; at: number }; errors?: FieldErrors }) {
  if (!saved) return <p class="form-error">{ui.t.studio.notSavedYet(Object.values(errors).join(' '))}</p>;
  return (
    <p class="save-state" data-revision={saved.revision}>
      {ui.t.studio.autosaved(formatTime(saved.at, ui.lang))}
    </p>
  );
}

/** The preview fragment: the same renderer trainers' lessons come from. */
export function PreviewFragment({ html }: { html: string }) {
  return <>{raw(html)}</>;
}

export const PREVIEW_LANGUAGES = LANGUAGES;
