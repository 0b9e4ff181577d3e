import { raw } from 'hono/html';
import type { Child } from 'hono/jsx';
import type { LessonView, QuizQuestion } from '../src/data/lessons';
import { formatTime } from '../src/i18n';
import { isAnsweredRight } from '../src/quiz';
import { attemptsUrl, completeUrl, courseUrl, enrolUrl, lessonUrl, reflectionUrl, signInUrl } from '../src/urls';
import type { Ui } from './context';
import { CourseOutline, CourseProgress, cohortDay, enrolsInOneClick, FallbackNotice } from './courses';
import { FieldError, Layout, WidgetForm } from './layout';

/** Answers typed into a quiz or reflection that failed validation, shown again with the error. */
export type LessonFormState = {
  quiz?: { answers: Record<string, number[]>; error: string };
  reflection?: { body: string; error: string };
};

export function LessonPage({ ui, view, form }: { ui: Ui; view: LessonView; form?: LessonFormState }) {
  const { t } = ui;
  const { course, lesson } = view;
  const enrolled = course.enrolledAt !== null;
  return (
    <Layout ui={ui} title={lesson.title} wide>
      <div class="lesson-layout">
        <article class="lesson-body" aria-labelledby="lesson-title">
          <nav class="breadcrumbs" aria-label="breadcrumbs">
            <a href={courseUrl(course.slug)}>{course.title}</a>
          </nav>
          <h1 id="lesson-title">{lesson.title}</h1>
          {lesson.fallback && <FallbackNotice ui={ui} language={course.mainLanguage} />}
          {!enrolled && <Invitation ui={ui} view={view} />}
          <CohortGate ui={ui} view={view} />
          <div class="prose">{raw(withScrollableTables(lesson.bodyHtml, ui))}</div>
          {lesson.kind === 'quiz' && <QuizSection ui={ui} view={view} form={form?.quiz} />}
          {lesson.kind === 'reflection' && <ReflectionForm ui={ui} view={view} form={form?.reflection} />}
          {lesson.kind === 'page' && <CompleteWidget ui={ui} view={view} />}
          {lesson.sources.length > 0 && <Sources ui={ui} sources={lesson.sources} />}
          <nav class="pager" aria-label={`${t.lesson.previous} / ${t.lesson.next}`}>
            {view.previous ? (
              <a rel="prev" href={lessonUrl(course.slug, view.previous.key)}>
                ← {t.lesson.previous}: {view.previous.title}
              </a>
            ) : (
              <a href={courseUrl(course.slug)}>← {t.lesson.backToCourse}</a>
            )}
            {view.next && (
              <a rel="next" href={lessonUrl(course.slug, view.next.key)}>
                {t.lesson.next}: {view.next.title} →
              </a>
            )}
          </nav>
        </article>
        <aside class="lesson-aside">
          <CourseProgress ui={ui} view={view} />
          <CourseOutline ui={ui} view={view} currentKey={lesson.key} />
        </aside>
      </div>
    </Layout>
  );
}

/**
 * For a visitor (sign in, then back here) or a trainer not enrolled (enrol): what taking part
 * gives, and the one step to it. Enrolling posts to the course, which then offers "Start".
 */
function Invitation({ ui, view }: { ui: Ui; view: LessonView }) {
  const { t } = ui;
  const { course, lesson } = view;
  return (
    <div class="invite" id="lesson-invite">
      {ui.user ? (
        <>
          <p>{t.lesson.enrolInvite}</p>
          {enrolsInOneClick(view) ? (
            <form method="post" action={enrolUrl(course.slug)}>
              <input type="hidden" name="next" value={lessonUrl(course.slug, lesson.key)} />
              <button type="submit" class="button primary">
                {t.course.enrol}
              </button>
            </form>
          ) : (
            <a class="button primary" href={courseUrl(course.slug)}>
              {t.course.enrol}
            </a>
          )}
        </>
      ) : (
        <>
          <p>{t.lesson.signInInvite}</p>
          <a class="button primary" href={signInUrl(lessonUrl(course.slug, lesson.key))}>
            {t.lesson.signInToTakePart}
          </a>
        </>
      )}
    </div>
  );
}

/** Why lessons cannot be completed now: the trainer's cohort has not started, or has ended. */
function CohortGate({ ui, view }: { ui: Ui; view: LessonView }) {
  const { gate, cohort } = view.course;
  if (!gate || !cohort) return null;
  const date = gate === 'before' ? cohort.startsAt : cohort.endsAt;
  if (date === null) return null;
  const day = cohortDay(date, ui.lang);
  return (
    <p class="notice" role="note" id="cohort-gate">
      {gate === 'before' ? ui.t.cohorts.beforeStart(day) : ui.t.cohorts.ended(day)}
    </p>
  );
}

/**
 * Lesson tables (Markdown rendered to safe HTML at import, src/markdown.ts) put in the same
 * scrolling region as ScrollTable: focusable, labelled, with a hint on narrow screens.
 */
function withScrollableTables(html: string, ui: Ui): string {
  let n = 0;
  return html
    .replace(/<table>/g, () => {
      const label = escapeText(`${ui.t.lesson.tableLabel} ${++n}`);
      return `<div class="table-scroll" role="region" aria-label="${label}" tabindex="0"><p class="table-hint">${escapeText(ui.t.lesson.tableHint)}</p><table>`;
    })
    .replace(/<\/table>/g, '</table></div>');
}

function escapeText(text: string) {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function Sources({ ui, sources }: { ui: Ui; sources: LessonView['lesson']['sources'] }) {
  return (
    <section class="sources" aria-labelledby="sources-heading">
      <h2 id="sources-heading">{ui.t.lesson.sources}</h2>
      <ul>
        {sources.map((source) => (
          <li>
            {source.title}
            {source.url && (
              <>
                {' — '}
                <a href={source.url} rel="noopener noreferrer">
                  {source.url}
                </a>
              </>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

/**
 * "Mark as complete": re-renders itself, and carries the progress bar and outline along as
 * out-of-band swaps when htmx asks (`oob`), so all three update in place.
 */
export function CompleteWidget({ ui, view, oob }: { ui: Ui; view: LessonView; oob?: boolean }) {
  const { t } = ui;
  const { course, lesson } = view;
  const done = view.modules.some((m) => m.lessons.some((l) => l.id === lesson.id && l.done));
  const action = completeUrl(course.slug, lesson.key);
  const widget =
    course.enrolledAt === null || (course.gate && !done) ? (
      <div id="complete-widget"></div>
    ) : done ? (
      <div id="complete-widget" class="actions">
        <p class="status done" role="status">
          ✓ {t.lesson.completed}
        </p>
      </div>
    ) : (
      <div id="complete-widget" class="actions">
        <WidgetForm action={action} target="complete-widget">
          <button type="submit" class="button primary">
            {t.lesson.markComplete}
          </button>
        </WidgetForm>
      </div>
    );
  return withSideUpdates(widget, ui, view, oob);
}

/**
 * For htmx responses (`oob`): the widget plus the parts of the lesson page that change when a
 * lesson is completed, as out-of-band swaps.
 */
function withSideUpdates(widget: Child, ui: Ui, view: LessonView, oob: boolean | undefined) {
  if (!oob) return widget;
  return (
    <>
      {widget}
      <CourseProgress ui={ui} view={view} oob />
      <CourseOutline ui={ui} view={view} currentKey={view.lesson.key} oob />
    </>
  );
}

/**
 * The quiz. With htmx the answer replaces this section (`oob`: an htmx response); the result then
 * takes focus (htmx focuses `autofocus` in swapped content, which scrolls it into view on a
 * phone). Without JavaScript the redirect lands on #quiz-result. After a pass the main action
 * leads on to the next lesson; trying again stays possible as the secondary one.
 */
export function QuizSection({ ui, view, form, oob }: { ui: Ui; view: LessonView; form?: LessonFormState['quiz']; oob?: boolean }) {
  const { t } = ui;
  const { course, lesson, attempts } = view;
  if (course.enrolledAt === null || course.gate) return <QuizPreview ui={ui} view={view} />;
  const action = attemptsUrl(course.slug, lesson.key);
  const latest = form ? null : attempts.latest;
  const selected = form?.answers ?? latest?.answers ?? {};
  const passed = latest?.passed === true;
  const onward = passed ? <NextLessonLink ui={ui} view={view} /> : null;
  const section = (
    <section id="quiz" class="quiz" aria-labelledby="quiz-heading">
      <h2 id="quiz-heading" class="visually-hidden">
        {t.course.kind.quiz}
      </h2>
      <p>
        {t.quiz.passMark(lesson.passPercent ?? 100)}
        {attempts.count > 0 && ` ${t.quiz.attempts(attempts.count)}. ${t.quiz.bestScore(attempts.best, view.questions.length)}`}
      </p>
      {latest && (
        <div
          class={passed ? 'result passed' : 'result failed'}
          role="status"
          tabindex={-1}
          id="quiz-result"
          autofocus={oob ? true : undefined}
        >
          <p>
            <strong>{t.quiz.result(latest.score, latest.maxScore)}</strong>
          </p>
          <p>{passed ? t.quiz.passed : t.quiz.failed}</p>
          {onward && <p>{onward}</p>}
        </div>
      )}
      {form && (
        <p class="field-error" role="alert" id="quiz-error">
          {form.error}
        </p>
      )}
      <WidgetForm action={action} target="quiz" describedBy={form ? 'quiz-error' : undefined}>
        {view.questions.map((question, index) => (
          <QuestionFieldset ui={ui} question={question} index={index} selected={selected[question.key] ?? []} feedback={latest !== null} />
        ))}
        <div class="actions">
          {onward}
          <button type="submit" class={passed ? 'button' : 'button primary'}>
            {latest ? t.quiz.tryAgain : t.quiz.submit}
          </button>
        </div>
      </WidgetForm>
    </section>
  );
  return withSideUpdates(section, ui, view, oob);
}

/** "Next lesson" after a passed quiz, or back to the course from its last lesson. */
function NextLessonLink({ ui, view }: { ui: Ui; view: LessonView }) {
  const { t } = ui;
  return view.next ? (
    <a class="button primary next-lesson" rel="next" href={lessonUrl(view.course.slug, view.next.key)}>
      {t.quiz.nextLesson} →
    </a>
  ) : (
    <a class="button primary next-lesson" href={courseUrl(view.course.slug)}>
      {t.quiz.backToCourse}
    </a>
  );
}

/** For visitors and trainers not enrolled: the questions to read, with no form they could not send. */
function QuizPreview({ ui, view }: { ui: Ui; view: LessonView }) {
  const { t } = ui;
  return (
    <section id="quiz" class="quiz preview" aria-labelledby="quiz-heading">
      <h2 id="quiz-heading">{t.course.kind.quiz}</h2>
      <p class="notice">{t.quiz.readOnly}</p>
      <ol class="preview-questions">
        {view.questions.map((question) => (
          <li>
            <p class="question-prompt">{question.prompt}</p>
            <ul>
              {question.options.map((option) => (
                <li>{option.text}</li>
              ))}
            </ul>
          </li>
        ))}
      </ol>
    </section>
  );
}

function QuestionFieldset({
  ui,
  question,
  index,
  selected,
  feedback,
}: {
  ui: Ui;
  question: QuizQuestion;
  index: number;
  selected: number[];
  feedback: boolean;
}) {
  const { t } = ui;
  const name = `q.${question.key}`;
  const right = isAnsweredRight(question, selected);
  return (
    <fieldset class="question">
      <legend>
        <span class="question-number">{index + 1}.</span> {question.prompt}
      </legend>
      <p class="hint">{question.multiple ? t.quiz.chooseAll : t.quiz.chooseOne}</p>
      {feedback && <p class={right ? 'verdict right' : 'verdict wrong'}>{right ? `✓ ${t.quiz.correct}` : `✗ ${t.quiz.incorrect}`}</p>}
      <ul class="options">
        {question.options.map((option) => {
          const id = `${name}.${option.position}`;
          const checked = selected.includes(option.position);
          return (
            <li>
              <input
                type={question.multiple ? 'checkbox' : 'radio'}
                id={id}
                name={name}
                value={String(option.position)}
                checked={checked}
              />
              <label for={id}>{option.text}</label>
              {feedback && checked && (
                <p class={option.correct ? 'explanation right' : 'explanation wrong'}>
                  <span class="visually-hidden">{t.quiz.yourAnswer}: </span>
                  {option.explanation}
                </p>
              )}
              {feedback && !checked && option.correct && right === false && question.multiple && (
                <p class="explanation missed">{option.explanation}</p>
              )}
            </li>
          );
        })}
      </ul>
    </fieldset>
  );
}

export const REFLECTION_MAX = 10_000;

export function ReflectionForm({ ui, view, form, oob }: { ui: Ui; view: LessonView; form?: LessonFormState['reflection']; oob?: boolean }) {
  const { t } = ui;
  const { course, lesson, reflection } = view;
  const action = reflectionUrl(course.slug, lesson.key);
  // Saving counts as completing: not before the cohort starts, nor after it ended (unless allowed).
  const enrolled = course.enrolledAt !== null && !course.gate;
  const section = (
    <section id="reflection" class="reflection">
      <WidgetForm action={action} target="reflection">
        <label for="reflection-body">{t.reflection.label}</label>
        <textarea
          id="reflection-body"
          name="body"
          rows={12}
          maxlength={REFLECTION_MAX}
          disabled={!enrolled}
          dir="auto"
          aria-invalid={form ? 'true' : undefined}
          aria-describedby={form ? 'reflection-error' : 'reflection-status'}
        >
          {form?.body ?? reflection?.body ?? ''}
        </textarea>
        <FieldError id="reflection-error" message={form?.error} />
        <div class="actions">
          {enrolled && (
            <button type="submit" class="button primary">
              {t.reflection.save}
            </button>
          )}
          <p id="reflection-status" class="status" role="status">
            {reflection && !form ? t.reflection.saved(formatTime(reflection.updatedAt, ui.lang)) : t.reflection.notSaved}
          </p>
        </div>
      </WidgetForm>
    </section>
  );
  return withSideUpdates(section, ui, view, oob);
}
