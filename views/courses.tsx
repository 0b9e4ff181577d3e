import type { CourseView, OutlineLesson, OutlineModule } from '../src/data/courses';
import { dictionaries, formatDate } from '../src/i18n';
import { catalogueUrl, courseCertificateUrl, courseUrl, enrolUrl, lessonUrl, notebookUrl, signInUrl } from '../src/urls';
import type { Ui } from './context';
import { Layout, ProgressBar, WidgetForm } from './layout';

export function CoursePage({ ui, view }: { ui: Ui; view: CourseView }) {
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
      <EnrolWidget ui={ui} view={view} />
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
 * server redirects back here; with htmx the response replaces this element in place.
 */
export function EnrolWidget({ ui, view }: { ui: Ui; view: CourseView }) {
  const { t } = ui;
  const { course, nextLesson, progress } = view;
  const action = enrolUrl(course.slug);
  if (!ui.user) {
    return (
      <div id="enrol-widget" class="actions">
        <a class="button primary" href={signInUrl(courseUrl(course.slug))}>
          {t.course.signInToEnrol}
        </a>
      </div>
    );
  }
  if (course.enrolledAt === null) {
    return (
      <div id="enrol-widget" class="actions">
        <WidgetForm action={action} target="enrol-widget">
          <button type="submit" class="button primary">
            {t.course.enrol}
          </button>
        </WidgetForm>
      </div>
    );
  }
  const started = progress.done > 0;
  return (
    <div id="enrol-widget" class="actions">
      <p class="status">{course.completedAt ? t.course.completedOn(formatDate(course.completedAt, ui.lang)) : t.course.enrolled}</p>
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
