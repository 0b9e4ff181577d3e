import type {
  Cohort,
  CohortCourse,
  CohortPage as CohortPageData,
  CohortsPage as CohortsPageData,
  Person,
} from '../../src/data/admin/cohorts';
import { formatDate } from '../../src/i18n';
import {
  cohortEditUrl,
  cohortEnrolUrl,
  cohortUnwaitUrl,
  cohortUrl,
  cohortWithdrawUrl,
  studioCohortsUrl,
  studioCourseUrl,
} from '../../src/urls';
import type { Ui } from '../context';
import { cohortDates, cohortName, cohortNameText } from '../courses';
import { FieldError, Layout, ScrollTable, UserText } from '../layout';
import { StudioNav } from './courses';
import { type FieldErrors, Input, Notice, Select, TextArea } from './form';

/** The cohort form as typed: strings, checkboxes as booleans. */
export type CohortFormValues = {
  name: string;
  startsAt: string;
  endsAt: string;
  capacity: string;
  facilitator: string;
  key: string;
  enrolmentOpen: boolean;
  completionsAfterEnd: boolean;
};

export type EnrolResult = { email: string; outcome: 'enrolled' | 'waitlisted' | 'unchanged' | 'unknown' };

const NEW_COHORT: CohortFormValues = {
  name: '',
  startsAt: '',
  endsAt: '',
  capacity: '',
  facilitator: '',
  key: '',
  enrolmentOpen: true,
  completionsAfterEnd: true,
};

function courseTitle(ui: Ui, course: CohortCourse): string {
  return course.title[ui.lang] ?? course.title[course.mainLanguage] ?? course.slug;
}

/** A stored day (midnight UTC, or the end day's last millisecond) as an <input type="date"> value. */
function dayValue(timestamp: number | null): string {
  return timestamp === null ? '' : new Date(timestamp).toISOString().slice(0, 10);
}

export function formValuesOf(cohort: Cohort): CohortFormValues {
  return {
    name: cohort.name,
    startsAt: dayValue(cohort.startsAt),
    endsAt: dayValue(cohort.endsAt),
    capacity: cohort.capacity === null ? '' : String(cohort.capacity),
    facilitator: cohort.facilitatorId === null ? '' : String(cohort.facilitatorId),
    key: cohort.enrolmentKey ?? '',
    enrolmentOpen: cohort.enrolmentOpen,
    completionsAfterEnd: cohort.completionsAfterEnd,
  };
}

export function CohortsPage({
  ui,
  page,
  values,
  errors = {},
}: {
  ui: Ui;
  page: CohortsPageData;
  values?: CohortFormValues;
  errors?: FieldErrors;
}) {
  const { t } = ui;
  const { course, cohorts, admins } = page;
  const title = `${t.cohorts.title}: ${courseTitle(ui, course)}`;
  return (
    <Layout ui={ui} title={title} wide>
      <StudioNav ui={ui} />
      <p>
        <a href={studioCourseUrl(course.id)}>← {t.cohorts.backToCourse}</a>
      </p>
      <h1>{title}</h1>
      <p class="lead">{t.cohorts.lead}</p>
      {cohorts.length === 0 ? (
        <p>{t.cohorts.none}</p>
      ) : (
        <ScrollTable ui={ui} label={t.cohorts.title}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t.cohorts.name}</th>
                <th scope="col">{t.cohorts.dates}</th>
                <th scope="col">{t.cohorts.capacity}</th>
                <th scope="col">{t.cohorts.seatsTaken}</th>
                <th scope="col">{t.cohorts.waiting}</th>
                <th scope="col">{t.cohorts.facilitator}</th>
                <th scope="col">{t.cohorts.enrolment}</th>
                <th scope="col">{t.cohorts.keyColumn}</th>
              </tr>
            </thead>
            <tbody>
              {cohorts.map((cohort) => (
                <tr>
                  <th scope="row">
                    <a href={cohortUrl(cohort.id)}>{cohortName(ui, cohort)}</a>
                  </th>
                  <td>{cohortDates(ui, cohort) || t.cohorts.noDates}</td>
                  <td>{cohort.capacity ?? t.cohorts.unlimited}</td>
                  <td>{cohort.taken}</td>
                  <td>{cohort.waiting}</td>
                  <td>{cohort.facilitatorName ? <UserText>{cohort.facilitatorName}</UserText> : '–'}</td>
                  <td>{cohort.enrolmentOpen ? t.cohorts.open : t.cohorts.closed}</td>
                  <td>{cohort.enrolmentKey ? t.cohorts.keySet : t.cohorts.noKey}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollTable>
      )}
      <section aria-labelledby="new-cohort">
        <h2 id="new-cohort">{t.cohorts.newCohort}</h2>
        <form method="post" action={studioCohortsUrl(course.id)} class="stack narrow" novalidate>
          <CohortFields ui={ui} values={values ?? NEW_COHORT} errors={errors} admins={admins} isDefault={false} />
          <button type="submit" class="button primary">
            {t.cohorts.create}
          </button>
        </form>
      </section>
    </Layout>
  );
}

function CohortFields({
  ui,
  values,
  errors,
  admins,
  isDefault,
}: {
  ui: Ui;
  values: CohortFormValues;
  errors: FieldErrors;
  admins: Person[];
  isDefault: boolean;
}) {
  const { t } = ui;
  return (
    <>
      <Input
        name="name"
        label={t.cohorts.name}
        value={values.name}
        error={errors.name}
        hint={isDefault ? t.cohorts.nameHint : undefined}
        required={!isDefault}
        maxlength={100}
      />
      <DateInput name="startsAt" label={t.cohorts.startsAt} value={values.startsAt} error={errors.startsAt} />
      <DateInput name="endsAt" label={t.cohorts.endsAt} value={values.endsAt} error={errors.endsAt} />
      <Input
        name="capacity"
        type="number"
        label={t.cohorts.capacity}
        hint={t.cohorts.capacityHint}
        value={values.capacity}
        error={errors.capacity}
        min={1}
      />
      <Select
        name="facilitator"
        label={t.cohorts.facilitator}
        value={values.facilitator}
        options={[{ value: '', label: t.cohorts.noFacilitator }, ...admins.map((a) => ({ value: String(a.id), label: a.name || a.email }))]}
        error={errors.facilitator}
      />
      <Checkbox name="enrolmentOpen" label={t.cohorts.enrolmentOpen} checked={values.enrolmentOpen} />
      <Input name="key" label={t.cohorts.key} hint={t.cohorts.keyHint} value={values.key} error={errors.key} maxlength={100} />
      <Checkbox name="completionsAfterEnd" label={t.cohorts.completionsAfterEnd} checked={values.completionsAfterEnd} />
    </>
  );
}

function DateInput({ name, label, value, error }: { name: string; label: string; value: string; error: string | undefined }) {
  const id = `f-${name}`;
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <input
        id={id}
        name={name}
        type="date"
        value={value}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
      />
      <FieldError id={`${id}-error`} message={error} />
    </div>
  );
}

function Checkbox({ name, label, checked }: { name: string; label: string; checked: boolean }) {
  return (
    <div class="field checkbox">
      <label>
        <input type="checkbox" name={name} value="1" checked={checked} /> {label}
      </label>
    </div>
  );
}

function CohortHeader({ ui, page }: { ui: Ui; page: CohortPageData }) {
  const { t } = ui;
  const { course, cohort } = page;
  return (
    <>
      <StudioNav ui={ui} />
      <p>
        <a href={studioCohortsUrl(course.id)}>← {t.cohorts.backToCohorts}</a>
      </p>
      <h1>
        {cohortName(ui, cohort)} · {courseTitle(ui, course)}
      </h1>
    </>
  );
}

export function CohortEditPage({
  ui,
  page,
  values,
  errors = {},
}: {
  ui: Ui;
  page: CohortPageData;
  values?: CohortFormValues;
  errors?: FieldErrors;
}) {
  const { t } = ui;
  const { cohort } = page;
  return (
    <Layout ui={ui} title={`${t.cohorts.editTitle}: ${cohortNameText(t, cohort)}`} wide>
      <CohortHeader ui={ui} page={page} />
      <h2>{t.cohorts.editTitle}</h2>
      <form method="post" action={cohortEditUrl(cohort.id)} class="stack narrow" novalidate>
        <CohortFields ui={ui} values={values ?? formValuesOf(cohort)} errors={errors} admins={page.admins} isDefault={cohort.isDefault} />
        <button type="submit" class="button primary">
          {t.cohorts.save}
        </button>
      </form>
    </Layout>
  );
}

export function CohortPage({
  ui,
  page,
  notice,
  enrolError,
  typed,
  results = [],
}: {
  ui: Ui;
  page: CohortPageData;
  notice?: string | undefined;
  enrolError?: string | undefined;
  typed?: string;
  results?: EnrolResult[];
}) {
  const { t } = ui;
  const { cohort, members, waitlist, candidates } = page;
  const facts = [
    cohortDates(ui, cohort) || t.cohorts.noDates,
    `${t.cohorts.capacity}: ${cohort.capacity ?? t.cohorts.unlimited}`,
    `${t.cohorts.seatsTaken}: ${cohort.taken}`,
    `${t.cohorts.enrolment}: ${cohort.enrolmentOpen ? t.cohorts.open : t.cohorts.closed}`,
  ];
  return (
    <Layout ui={ui} title={`${cohortNameText(t, cohort)} · ${t.cohorts.title}`} wide>
      <CohortHeader ui={ui} page={page} />
      <p>
        {facts.join(' · ')}
        {cohort.facilitatorName && (
          <>
            {' · '}
            {t.cohorts.facilitator}: <UserText>{cohort.facilitatorName}</UserText>
          </>
        )}
      </p>
      <p>
        <a class="button" href={cohortEditUrl(cohort.id)}>
          {t.cohorts.edit}
        </a>
      </p>
      <Notice message={notice} />
      {results.length > 0 && (
        <ul class="notice ok" role="status">
          {results.map((r) => (
            <li>{t.cohorts[RESULT_TEXT[r.outcome]](r.email)}</li>
          ))}
        </ul>
      )}
      <section aria-labelledby="members">
        <h2 id="members">
          {t.cohorts.members} ({members.length})
        </h2>
        {members.length === 0 ? (
          <p>{t.cohorts.noMembers}</p>
        ) : (
          <>
            <p class="hint" id="withdraw-hint">
              {t.cohorts.withdrawHint}
            </p>
            <ScrollTable ui={ui} label={t.cohorts.members}>
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t.cohorts.name}</th>
                    <th scope="col">{t.cohorts.email}</th>
                    <th scope="col">{t.cohorts.enrolled}</th>
                    <th scope="col">{t.cohorts.progress}</th>
                    <th scope="col">{t.cohorts.completed}</th>
                    <th scope="col">
                      <span class="visually-hidden">{t.cohorts.withdraw}</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {members.map((m) => (
                    <tr>
                      <th scope="row">
                        <UserText>{m.name}</UserText>
                      </th>
                      <td>{m.email}</td>
                      <td>{formatDate(m.enrolledAt, ui.lang)}</td>
                      <td>{`${m.done}/${m.total}`}</td>
                      <td>{m.completedAt ? formatDate(m.completedAt, ui.lang) : '–'}</td>
                      <td>
                        <form method="post" action={cohortWithdrawUrl(cohort.id, m.id)} class="inline">
                          <button type="submit" class="button small" aria-describedby="withdraw-hint">
                            {t.cohorts.withdraw} <span class="visually-hidden">{m.name || m.email}</span>
                          </button>
                        </form>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </ScrollTable>
          </>
        )}
      </section>
      <section aria-labelledby="waitlist">
        <h2 id="waitlist">
          {t.cohorts.waitlist} ({waitlist.length})
        </h2>
        {waitlist.length === 0 ? (
          <p>{t.cohorts.noWaiting}</p>
        ) : (
          <ScrollTable ui={ui} label={t.cohorts.waitlist}>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t.cohorts.position}</th>
                  <th scope="col">{t.cohorts.name}</th>
                  <th scope="col">{t.cohorts.email}</th>
                  <th scope="col">{t.cohorts.joined}</th>
                  <th scope="col">
                    <span class="visually-hidden">{t.cohorts.removeFromWaitlist}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {waitlist.map((w) => (
                  <tr>
                    <td>{w.position}</td>
                    <th scope="row">
                      <UserText>{w.name}</UserText>
                    </th>
                    <td>{w.email}</td>
                    <td>{formatDate(w.joinedAt, ui.lang)}</td>
                    <td>
                      <form method="post" action={cohortUnwaitUrl(cohort.id, w.id)} class="inline">
                        <button type="submit" class="button small">
                          {t.cohorts.removeFromWaitlist} <span class="visually-hidden">{w.name || w.email}</span>
                        </button>
                      </form>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollTable>
        )}
      </section>
      <section aria-labelledby="enrol-accounts">
        <h2 id="enrol-accounts">{t.cohorts.enrolTitle}</h2>
        <form method="post" action={cohortEnrolUrl(cohort.id)} class="stack narrow" novalidate>
          {enrolError && (
            <p class="form-error" role="alert">
              {enrolError}
            </p>
          )}
          <TextArea name="emails" label={t.cohorts.enrolEmails} value={typed} rows={4} maxlength={10000} />
          {candidates.length > 0 && (
            <fieldset class="candidates">
              <legend>{t.cohorts.enrolPick}</legend>
              {candidates.map((p) => (
                <div class="field checkbox">
                  <label>
                    <input type="checkbox" name="user" value={String(p.id)} /> <UserText>{p.name}</UserText> ({p.email})
                  </label>
                </div>
              ))}
            </fieldset>
          )}
          <button type="submit" class="button primary">
            {t.cohorts.enrolSubmit}
          </button>
        </form>
      </section>
    </Layout>
  );
}

const RESULT_TEXT = {
  enrolled: 'resultEnrolled',
  waitlisted: 'resultWaitlisted',
  unchanged: 'resultUnchanged',
  unknown: 'resultUnknown',
} as const;
