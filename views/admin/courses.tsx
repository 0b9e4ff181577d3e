import type { Draft, DraftModule, StudioCourse } from '../../src/data/admin/courses';
import { FAMILIES, LANGUAGES, LESSON_KINDS } from '../../src/data/schema';
import { assets } from '../../src/generated/assets';
import { dictionaries } from '../../src/i18n';
import {
  adminMediaUrl,
  adminSettingsUrl,
  auditUrl,
  courseUrl,
  invitationsUrl,
  peopleUrl,
  publishUrl,
  reportsUrl,
  studioCohortsUrl,
  studioCourseUrl,
  studioLessonsUrl,
  studioLessonUrl,
  studioModulesUrl,
  studioModuleUrl,
  studioUrl,
  versionsUrl,
} from '../../src/urls';
import type { Ui } from '../context';
import { Layout, ScrollTable } from '../layout';
import {
  ActionButton,
  type FieldErrors,
  Input,
  missingLanguages,
  Notice,
  Select,
  SideBySide,
  STUDIO_SCRIPT,
  TextArea,
  untranslated,
} from './form';

export function StudioNav({ ui }: { ui: Ui }) {
  const { t } = ui;
  return (
    <nav aria-label={t.studio.title} class="studio-nav">
      <a href={studioUrl()}>{t.studio.courses}</a> · <a href={adminMediaUrl()}>{t.media.title}</a> ·{' '}
      <a href={peopleUrl()}>{t.people.title}</a> · <a href={invitationsUrl()}>{t.invitations.title}</a> ·{' '}
      <a href={adminSettingsUrl()}>{t.settings.title}</a> · <a href={reportsUrl()}>{t.studio.reports}</a> ·{' '}
      <a href={auditUrl()}>{t.studio.audit}</a>
    </nav>
  );
}

export type NewCourseValues = Partial<Record<'slug' | 'family' | 'mainLanguage' | 'estimatedMinutes' | 'title' | 'summary', string>>;

export function CoursesPage({
  ui,
  courses,
  values = {},
  errors = {},
}: {
  ui: Ui;
  courses: StudioCourse[];
  values?: NewCourseValues;
  errors?: FieldErrors;
}) {
  const { t } = ui;
  return (
    <Layout ui={ui} title={t.studio.courses} wide>
      <StudioNav ui={ui} />
      <h1>{t.studio.courses}</h1>
      <p class="lead">{t.studio.lead}</p>
      <ScrollTable ui={ui} label={t.studio.courses}>
        <table>
          <thead>
            <tr>
              <th scope="col">{t.studio.course}</th>
              <th scope="col">{t.studio.state}</th>
              <th scope="col">{t.studio.version}</th>
              <th scope="col">{t.studio.lessons}</th>
              <th scope="col">{t.studio.languages}</th>
            </tr>
          </thead>
          <tbody>
            {courses.map((course) => (
              <tr>
                <th scope="row">
                  <a href={studioCourseUrl(course.id)}>{course.title[course.mainLanguage] ?? course.slug}</a>
                  <br />
                  <span class="meta">{course.slug}</span>
                </th>
                <td>
                  <span class={`state state-${course.state}`}>{t.studio.states[course.state]}</span>
                </td>
                <td>{course.latestVersion ?? '–'}</td>
                <td>{course.lessonCount}</td>
                <td>{course.languages.join(', ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollTable>
      <p>
        <a class="button" href={`${studioUrl()}/import`}>
          {t.studio.importTitle}
        </a>
      </p>
      <section aria-labelledby="new-course">
        <h2 id="new-course">{t.studio.newCourse}</h2>
        <form method="post" action={studioUrl()} class="stack narrow" novalidate>
          <Input name="title" label={t.studio.courseTitle} value={values.title} error={errors.title} required maxlength={200} />
          <Input
            name="slug"
            label={t.studio.slug}
            hint={t.studio.slugHint}
            value={values.slug}
            error={errors.slug}
            required
            maxlength={80}
          />
          <Select
            name="family"
            label={t.studio.family}
            value={values.family ?? 'programme'}
            options={FAMILIES.map((f) => ({ value: f, label: t.families[f] }))}
            error={errors.family}
          />
          <Select
            name="mainLanguage"
            label={t.studio.mainLanguage}
            value={values.mainLanguage ?? ui.lang}
            options={LANGUAGES.map((l) => ({ value: l, label: dictionaries[l].languageName }))}
            error={errors.mainLanguage}
          />
          <Input
            name="estimatedMinutes"
            type="number"
            label={t.studio.minutes}
            value={values.estimatedMinutes ?? '60'}
            error={errors.estimatedMinutes}
            min={1}
            max={100000}
          />
          <TextArea name="summary" label={t.studio.summary} value={values.summary} error={errors.summary} rows={3} maxlength={2000} />
          <button type="submit" class="button primary">
            {t.studio.create}
          </button>
        </form>
      </section>
    </Layout>
  );
}

export type SettingsValues = {
  slug: string;
  family: string;
  mainLanguage: string;
  estimatedMinutes: string;
  title: Partial<Record<string, string>>;
  summary: Partial<Record<string, string>>;
  revision: number;
};

export function settingsValuesOf(draft: Draft): SettingsValues {
  return {
    slug: draft.slug,
    family: draft.family,
    mainLanguage: draft.mainLanguage,
    estimatedMinutes: String(draft.estimatedMinutes),
    title: draft.title,
    summary: draft.summary,
    revision: draft.revision,
  };
}

export function CourseEditorPage({
  ui,
  draft,
  values,
  errors = {},
  notice,
  error,
  problems = [],
}: {
  ui: Ui;
  draft: Draft;
  values?: SettingsValues;
  errors?: FieldErrors;
  notice?: string | undefined;
  /** A write that was refused, said at the top of the page. */
  error?: string | undefined;
  /** What publishing's check found outside the settings fields (about modules). */
  problems?: string[];
}) {
  const { t } = ui;
  const v = values ?? settingsValuesOf(draft);
  const title = draft.title[draft.mainLanguage] ?? draft.slug;
  return (
    <Layout ui={ui} title={`${title} · ${t.studio.title}`} wide scripts={[assets.sortable, STUDIO_SCRIPT]}>
      <StudioNav ui={ui} />
      <h1>{title}</h1>
      <p>
        <span class={`state state-${draft.state}`}>{t.studio.states[draft.state]}</span>
        {draft.latestVersion && ` · ${t.studio.version} ${draft.latestVersion.number}`}
      </p>
      <Notice message={notice} />
      <Notice kind="error" message={error} />
      {problems.length > 0 && (
        <section class="problems" role="alert" aria-labelledby="course-problems">
          <h2 id="course-problems">{t.studio.problems}</h2>
          <ul>
            {problems.map((p) => (
              <li>{p}</li>
            ))}
          </ul>
        </section>
      )}
      <p class="actions">
        <a class="button primary" href={publishUrl(draft.id)}>
          {t.studio.publish}…
        </a>{' '}
        <a class="button" href={versionsUrl(draft.id)}>
          {t.studio.versions}
        </a>{' '}
        <a class="button" href={`${studioCourseUrl(draft.id)}/export`}>
          {t.studio.exportDraft}
        </a>{' '}
        <a class="button" href={studioCohortsUrl(draft.id)}>
          {t.cohorts.manage}
        </a>{' '}
        {draft.latestVersion && (
          <a class="button" href={courseUrl(draft.slug)}>
            {t.studio.viewAsTrainer}
          </a>
        )}
      </p>
      <p class="actions">
        {(draft.state === 'published' || draft.state === 'changed') && (
          <ActionButton action={`${studioCourseUrl(draft.id)}/unpublish`} label={t.studio.unpublish} />
        )}{' '}
        <ActionButton action={`${studioCourseUrl(draft.id)}/duplicate`} label={t.studio.duplicate} />{' '}
        {draft.state !== 'archived' && (
          <>
            <span class="hint" id="archive-hint">
              {t.studio.archiveConfirm}
            </span>{' '}
            <ActionButton action={`${studioCourseUrl(draft.id)}/archive`} label={t.studio.archive} describedBy="archive-hint" />
          </>
        )}
      </p>

      <section aria-labelledby="outline">
        <h2 id="outline">{t.studio.outline}</h2>
        {/* Drag and drop where JavaScript runs (public/studio.js); the move buttons work everywhere. */}
        <p
          class="save-state"
          role="status"
          data-outline-status
          data-saving={t.studio.orderSaving}
          data-saved={t.studio.orderSaved}
          data-failed={t.studio.orderFailed}
        ></p>
        <div class="studio-outline" data-outline data-handle-label={t.studio.dragHandle}>
          {draft.modules.map((module, index) => (
            <ModuleBlock ui={ui} draft={draft} module={module} first={index === 0} last={index === draft.modules.length - 1} />
          ))}
        </div>
        <form method="post" action={studioModulesUrl(draft.id)} class="stack narrow add-form">
          <Input name="title" scope="new-module-" label={t.studio.moduleTitle} required maxlength={200} error={errors.moduleTitle} />
          <button type="submit" class="button">
            {t.studio.addModule}
          </button>
        </form>
      </section>

      <section aria-labelledby="settings">
        <h2 id="settings">{t.studio.settings}</h2>
        <form method="post" action={studioCourseUrl(draft.id)} class="stack" novalidate>
          <input type="hidden" name="revision" value={String(v.revision)} />
          <div class="grid-3">
            <Input name="slug" label={t.studio.slug} hint={t.studio.slugHint} value={v.slug} error={errors.slug} required maxlength={80} />
            <Select
              name="family"
              label={t.studio.family}
              value={v.family}
              options={FAMILIES.map((f) => ({ value: f, label: t.families[f] }))}
            />
            <Select
              name="mainLanguage"
              label={t.studio.mainLanguage}
              value={v.mainLanguage}
              options={LANGUAGES.map((l) => ({ value: l, label: dictionaries[l].languageName }))}
            />
            <Input
              name="estimatedMinutes"
              type="number"
              label={t.studio.minutes}
              value={v.estimatedMinutes}
              error={errors.estimatedMinutes}
              min={1}
              max={100000}
            />
          </div>
          <SideBySide
            mainLanguage={draft.mainLanguage}
            render={(lang) => (
              <>
                <Input
                  name={`title.${lang}`}
                  label={t.studio.courseTitle}
                  value={v.title[lang]}
                  error={errors[`title.${lang}`]}
                  lang={lang}
                  maxlength={200}
                />
                <TextArea
                  name={`summary.${lang}`}
                  label={t.studio.summary}
                  value={v.summary[lang]}
                  error={errors[`summary.${lang}`]}
                  lang={lang}
                  rows={4}
                  maxlength={2000}
                />
              </>
            )}
          />
          <button type="submit" class="button primary">
            {t.studio.save}
          </button>
        </form>
      </section>
    </Layout>
  );
}

function ModuleBlock({ ui, draft, module, first, last }: { ui: Ui; draft: Draft; module: DraftModule; first: boolean; last: boolean }) {
  const { t } = ui;
  const heading = module.title[draft.mainLanguage] ?? module.key;
  const missing = missingLanguages(module.title);
  return (
    <section class="studio-module" aria-label={heading} data-place={`${studioModuleUrl(draft.id, module.id)}/place`}>
      <div class="studio-row">
        <h3>{heading}</h3>
        {missing.map((lang) => (
          <span class="untranslated">{t.studio.notTranslated(dictionaries[lang].languageName)}</span>
        ))}
        <span class="row-actions">
          {!first && (
            <ActionButton action={`${studioModuleUrl(draft.id, module.id)}/move`} name="direction" value="up" label={t.studio.moveUp} />
          )}
          {!last && (
            <ActionButton action={`${studioModuleUrl(draft.id, module.id)}/move`} name="direction" value="down" label={t.studio.moveDown} />
          )}
        </span>
      </div>
      <details>
        <summary>{t.studio.rename}</summary>
        <form method="post" action={studioModuleUrl(draft.id, module.id)} class="stack">
          <SideBySide
            mainLanguage={draft.mainLanguage}
            render={(lang) => (
              <Input
                name={`title.${lang}`}
                scope={`m${module.id}-`}
                label={t.studio.moduleTitle}
                value={module.title[lang]}
                lang={lang}
                maxlength={200}
              />
            )}
          />
          <button type="submit" class="button">
            {t.studio.save}
          </button>
        </form>
        <p class="hint" id={`delete-module-${module.id}`}>
          {t.studio.deleteModuleConfirm}
        </p>
        <ActionButton
          action={`${studioModuleUrl(draft.id, module.id)}/delete`}
          label={t.studio.delete}
          describedBy={`delete-module-${module.id}`}
        />
      </details>
      <ol class="studio-lessons" data-module-id={module.id}>
        {module.lessons.map((lesson, index) => (
          <li class="studio-row" data-place={`${studioLessonUrl(draft.id, lesson.id)}/place`}>
            <a href={studioLessonUrl(draft.id, lesson.id)}>{lesson.title[draft.mainLanguage] ?? lesson.key}</a>
            <span class="meta">
              {t.course.kind[lesson.kind]}
              {!lesson.required && ` · ${t.studio.optional}`}
            </span>
            {untranslated(lesson).map((lang) => (
              <span class="untranslated">{t.studio.notTranslated(dictionaries[lang].languageName)}</span>
            ))}
            <span class="row-actions">
              {index > 0 && (
                <ActionButton action={`${studioLessonUrl(draft.id, lesson.id)}/move`} name="direction" value="up" label={t.studio.moveUp} />
              )}
              {index < module.lessons.length - 1 && (
                <ActionButton
                  action={`${studioLessonUrl(draft.id, lesson.id)}/move`}
                  name="direction"
                  value="down"
                  label={t.studio.moveDown}
                />
              )}
            </span>
          </li>
        ))}
      </ol>
      <form method="post" action={studioLessonsUrl(draft.id)} class="add-form inline-form">
        <input type="hidden" name="moduleId" value={String(module.id)} />
        <Input name="title" scope={`l${module.id}-`} label={t.studio.lessonTitle} required maxlength={200} />
        <Select
          name="kind"
          scope={`l${module.id}-`}
          label={t.studio.kind}
          value="page"
          options={LESSON_KINDS.map((k) => ({ value: k, label: t.course.kind[k] }))}
        />
        <button type="submit" class="button">
          {t.studio.addLesson}
        </button>
      </form>
    </section>
  );
}
