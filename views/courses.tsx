import type { CohortInfo, CourseView, OpenCohort, OutlineLesson, OutlineModule } from '../src/data/courses';
import type { Language } from '../src/data/schema';
import { dictionaries, formatDate } from '../src/i18n';
import { catalogueUrl, courseCertificateUrl, courseUrl, enrolUrl, leaveWaitlistUrl, lessonUrl, notebookUrl, signInUrl } from '../src/urls';
import type { Ui } from './context';
import { FieldError, Layout, ProgressBar, UserText, WidgetForm } from './layout';

export function CoursePage({ ui, view, error }: { ui: Ui; view: CourseView; error?: EnrolError | undefined }) {
  const { t } = ui;
  const { course } = view;
  return (
    <Layout ui={ui} title={course.title}>
      <nav class="breadcrumbs" aria-label="breadcrumbs">
        <a href={catalogueUrl()}>{t.nav.catalogue}</a> › <span>{t.families[course.family]}</span>
      </nav>
      <h1>{course.title}</h1>
      {course.fallback && <FallbackNotice ui={ui} language={course.mainLanguage} />}
      {/* The main action first: on a phone the summary below would push it off the screen. */}
      <EnrolWidget ui={ui} view={view} error={error} />
      <CourseProgress ui={ui} view={view} />
      <CourseFacts ui={ui} view={view} />
      <p class="lead">{course.summary}</p>
      <CourseOutline ui={ui} view={view} />
    </Layout>
  );
}

/** Length, lesson count and the certificate: what a trainer weighs before enrolling. */
function CourseFacts({ ui, view }: { ui: Ui; view: CourseView }) {
  const { t } = ui;
  const lessons = view.modules.reduce((sum, module) => sum + module.lessons.length, 0);
  return (
    <dl class="course-facts">
      <div>
        <dt>{t.course.lengthLabel}</dt>
        <dd>{t.course.duration(view.course.estimatedMinutes)}</dd>
      </div>
      <div>
        <dt>{t.course.lessonsLabel}</dt>
        <dd>{t.course.lessonCount(lessons)}</dd>
      </div>
      <div>
        <dt>{t.course.certificateLabel}</dt>
        <dd>{t.course.certificateAwarded}</dd>
      </div>
    </dl>
  );
}

export function FallbackNotice({ ui, language }: { ui: Ui; language: keyof typeof dictionaries }) {
  return (
    <p class="notice" role="note">
      {ui.t.course.fallbackNotice(dictionaries[language].languageName)}
    </p>
  );
}

/**
 * Enrol / Continue: one widget that re-renders itself. Without JavaScript the form posts and the
 * server redirects back here; with htmx the response replaces this element in place. Not enrolled:
 * a button per open cohort (one button when only the default cohort is open), the trainer's place
 * on a waitlist, or that enrolment is closed. `error` is a refused enrolment's message (422).
 */
export function EnrolWidget({ ui, view, error }: { ui: Ui; view: CourseView; error?: EnrolError | undefined }) {
  const { t } = ui;
  const { course, nextLesson, progress } = view;
  if (!ui.user) {
    return (
      <div id="enrol-widget" class="actions">
        <a class="button primary" href={signInUrl(courseUrl(course.slug))}>
          {t.course.signInToEnrol}
        </a>
      </div>
    );
  }
  if (course.enrolledAt === null) return <CohortChoices ui={ui} view={view} error={error} />;
  const started = progress.done > 0;
  const cohort = course.cohort;
  return (
    <div id="enrol-widget" class="actions">
      <p class="status">{course.completedAt ? t.course.completedOn(formatDate(course.completedAt, ui.lang)) : t.course.enrolled}</p>
      {cohort && !cohort.isDefault && (
        <p class="meta">
          {t.cohorts.yourCohort(cohortNameText(t, cohort))}
          {cohortDates(ui, cohort) && ` · ${cohortDates(ui, cohort)}`}
        </p>
      )}
      {nextLesson && (
        <a class="button primary" href={lessonUrl(course.slug, nextLesson.key)}>
          {course.completedAt ? t.course.review : started ? t.course.continue : t.course.start}
        </a>
      )}
      {started && nextLesson && !course.completedAt && <p class="continue-where">{t.course.continueWhere(nextLesson.title)}</p>}
      {course.certificateCode && (
        <a class="button" href={courseCertificateUrl(course.slug)}>
          {t.course.certificate}
        </a>
      )}
      {view.modules.some((m) => m.lessons.some((l) => l.kind === 'reflection')) && (
        <a class="button" href={notebookUrl(course.slug)}>
          {t.course.notebook}
        </a>
      )}
    </div>
  );
}

export type EnrolError = { cohortId: number; message: string };

function CohortChoices({ ui, view, error }: { ui: Ui; view: CourseView; error?: EnrolError | undefined }) {
  const { t } = ui;
  const { waiting, cohorts, course } = view;
  if (waiting) {
    return (
      <div id="enrol-widget" class="actions">
        <p class="status" role="status">
          {t.cohorts.waitlistFor(cohortNameText(t, waiting.cohort))} {t.cohorts.waitlistPosition(waiting.position)}
        </p>
        <WidgetForm action={leaveWaitlistUrl(course.slug)} target="enrol-widget">
          <button type="submit" class="button">
            {t.cohorts.leaveWaitlist}
          </button>
        </WidgetForm>
      </div>
    );
  }
  // A refusal about no cohort on the page (closed meanwhile, another course's): said above them.
  const general = error && !cohorts.some((h) => h.id === error.cohortId) ? error.message : undefined;
  const alert = general && (
    <p class="form-error" role="alert">
      {general}
    </p>
  );
  if (cohorts.length === 0) {
    return (
      <div id="enrol-widget" class="actions">
        {alert}
        <p class="status">{t.cohorts.enrolmentClosed}</p>
      </div>
    );
  }
  const [only] = cohorts;
  if (cohorts.length === 1 && only?.isDefault) {
    return (
      <div id="enrol-widget" class="actions">
        {alert}
        <CohortForm ui={ui} view={view} cohort={only} error={error} named={false} />
      </div>
    );
  }
  return (
    <div id="enrol-widget" class="actions cohort-choices">
      <h2 id="cohort-choices">{t.cohorts.chooseCohort}</h2>
      {alert}
      <ul aria-labelledby="cohort-choices">
        {cohorts.map((cohort) => (
          <li>
            <CohortForm ui={ui} view={view} cohort={cohort} error={error} named />
          </li>
        ))}
      </ul>
    </div>
  );
}

/** One cohort's enrol form: its name, dates and seats left, the key when it has one. */
function CohortForm({
  ui,
  view,
  cohort,
  error,
  named,
}: {
  ui: Ui;
  view: CourseView;
  cohort: OpenCohort;
  error: EnrolError | undefined;
  named: boolean;
}) {
  const { t } = ui;
  const left = cohort.capacity === null ? null : Math.max(0, cohort.capacity - cohort.taken);
  const message = error?.cohortId === cohort.id ? error.message : undefined;
  const errorId = `enrol-error-${cohort.id}`;
  const facts = [named ? cohortDates(ui, cohort) : null, left === null ? null : left === 0 ? t.cohorts.full : t.cohorts.seatsLeft(left)]
    .filter(Boolean)
    .join(' · ');
  return (
    <WidgetForm action={enrolUrl(view.course.slug)} target="enrol-widget" describedBy={message ? errorId : undefined}>
      <input type="hidden" name="cohort" value={String(cohort.id)} />
      {named && (
        <p class="cohort-name">
          <strong>{cohortName(ui, cohort)}</strong>
        </p>
      )}
      {facts && <p class="meta">{facts}</p>}
      {cohort.hasKey && (
        <div class="field">
          <label for={`enrol-key-${cohort.id}`}>{t.cohorts.keyLabel}</label>
          <input
            id={`enrol-key-${cohort.id}`}
            name="key"
            type="text"
            autocomplete="off"
            maxlength={100}
            required
            aria-invalid={message ? 'true' : undefined}
          />
        </div>
      )}
      <FieldError id={errorId} message={message} />
      <button type="submit" class="button primary">
        {left === 0 ? t.cohorts.joinWaitlist : t.course.enrol}
      </button>
    </WidgetForm>
  );
}

/** A cohort's name: the default one is named in the reader's language. */
export function cohortName(ui: Pick<Ui, 't'>, cohort: Pick<CohortInfo, 'name' | 'isDefault'>) {
  return cohort.isDefault && !cohort.name ? ui.t.cohorts.defaultName : <UserText>{cohort.name}</UserText>;
}

/** A cohort's name as plain text (for mail and attributes). */
export function cohortNameText(t: Ui['t'], cohort: Pick<CohortInfo, 'name' | 'isDefault'>): string {
  return cohort.isDefault && !cohort.name ? t.cohorts.defaultName : cohort.name;
}

/**
 * A cohort day as the admin entered it: dates are stored as UTC days (the start's midnight, the
 * end's last millisecond), so they are shown in UTC, or the end would read as the next day.
 */
export function cohortDay(timestamp: number, lang: Language): string {
  return new Intl.DateTimeFormat(lang === 'pl' ? 'pl-PL' : 'en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(timestamp);
}

/** "1 March 2027 – 30 April 2027", "from …", "until …", or '' without dates. */
export function cohortDates(ui: Pick<Ui, 't' | 'lang'>, cohort: Pick<CohortInfo, 'startsAt' | 'endsAt'>): string {
  const { t, lang } = ui;
  const from = cohort.startsAt === null ? null : cohortDay(cohort.startsAt, lang);
  const to = cohort.endsAt === null ? null : cohortDay(cohort.endsAt, lang);
  if (from && to) return t.cohorts.range(from, to);
  if (from) return t.cohorts.from(from);
  if (to) return t.cohorts.until(to);
  return '';
}

/** Whether the enrol control is today's single button: only the default cohort, no key, a seat free. */
export function enrolsInOneClick(view: CourseView): boolean {
  const [only] = view.cohorts;
  return (
    view.cohorts.length === 1 &&
    !!only?.isDefault &&
    !only.hasKey &&
    (only.capacity === null || only.taken < only.capacity) &&
    !view.waiting
  );
}

export function CourseProgress({ ui, view, oob }: { ui: Ui; view: CourseView; oob?: boolean }) {
  if (view.course.enrolledAt === null) return <div id="course-progress" hx-swap-oob={oob ? 'true' : undefined}></div>;
  return (
    <div id="course-progress" hx-swap-oob={oob ? 'true' : undefined}>
      <ProgressBar ui={ui} done={view.progress.done} total={view.progress.total} />
    </div>
  );
}

export function CourseOutline({ ui, view, currentKey, oob }: { ui: Ui; view: CourseView; currentKey?: string; oob?: boolean }) {
  const { t } = ui;
  return (
    <nav id="course-outline" class="outline" aria-labelledby="outline-heading" hx-swap-oob={oob ? 'true' : undefined}>
      <h2 id="outline-heading">{t.course.outline}</h2>
      <ol class="modules">
        {view.modules.map((module) => (
          <ModuleOutline ui={ui} view={view} module={module} currentKey={currentKey} />
        ))}
      </ol>
    </nav>
  );
}

function ModuleOutline({
  ui,
  view,
  module,
  currentKey,
}: {
  ui: Ui;
  view: CourseView;
  module: OutlineModule;
  currentKey: string | undefined;
}) {
  return (
    <li>
      <h3>{module.title}</h3>
      <ol class="lessons">
        {module.lessons.map((lesson) => (
          <LessonLink ui={ui} slug={view.course.slug} lesson={lesson} current={lesson.key === currentKey} />
        ))}
      </ol>
    </li>
  );
}

function LessonLink({ ui, slug, lesson, current }: { ui: Ui; slug: string; lesson: OutlineLesson; current: boolean }) {
  const { t } = ui;
  const state = lesson.done ? t.course.lessonState.done : t.course.lessonState.notStarted;
  return (
    <li class={lesson.done ? 'lesson done' : 'lesson'}>
      <a href={lessonUrl(slug, lesson.key)} aria-current={current ? 'page' : undefined}>
        <span class="state" aria-hidden="true">
          {lesson.done ? '✓' : '○'}
        </span>
        <span class="lesson-title">{lesson.title}</span>
        <span class="lesson-meta">
          {t.course.kind[lesson.kind]}
          {lesson.required ? '' : ` · ${t.course.optional}`}
          <span class="visually-hidden"> · {state}</span>
        </span>
      </a>
    </li>
  );
}
