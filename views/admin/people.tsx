/**
 * People, for admins: the searchable list (its results are also the htmx fragment the filter form
 * swaps in as you type) and one person's page with their learning and the admin's actions.
 */
import {
  ACCOUNT_STATES,
  type CohortFacts,
  type FilterOptions,
  LEARNING_STATES,
  PAGE_SIZE,
  type PeopleList,
  type Person,
  type PersonCourse,
} from '../../src/data/admin/people';
import { ROLES } from '../../src/data/schema';
import { dictionaries, formatDate } from '../../src/i18n';
import {
  certificateCheckUrl,
  courseUrl,
  deactivateUrl,
  invitationsUrl,
  peopleUrl,
  personRoleUrl,
  personUrl,
  reactivateUrl,
} from '../../src/urls';
import type { Ui } from '../context';
import { FieldError, Layout, ScrollTable, UserText } from '../layout';
import { StudioNav } from './courses';
import { Notice } from './form';

/** The filter form's fields as typed (strings, so a refused value is shown again as it was). */
export type FilterValues = Record<'q' | 'course' | 'cohort' | 'role' | 'state' | 'learning', string>;
export type FilterErrors = Partial<Record<keyof FilterValues | 'page', string>>;

type ListProps = {
  ui: Ui;
  options: FilterOptions;
  values: FilterValues;
  errors: FilterErrors;
  /** Null when the filter was refused. */
  list: PeopleList | null;
  page: number;
};

export function PeoplePage(props: ListProps) {
  const { ui, options, values, errors } = props;
  const { t } = ui;
  const p = t.people;
  const anyOption = <option value="">{p.any}</option>;
  return (
    <Layout ui={ui} title={p.title} wide>
      <StudioNav ui={ui} />
      <h1>{p.title}</h1>
      <p class="lead">{p.lead}</p>
      <p>
        <a class="button" href={invitationsUrl()}>
          {p.invite}
        </a>
      </p>
      {/* A plain GET form; with htmx the results follow the typing, at the same URL. */}
      <form
        method="get"
        action={peopleUrl()}
        aria-label={p.filters}
        class="filter"
        hx-get={peopleUrl()}
        hx-trigger="submit, input changed delay:400ms, change changed"
        hx-target="#people-results"
        hx-swap="outerHTML"
        hx-push-url="true"
      >
        <FilterField name="q" label={p.search} error={errors.q}>
          <input id="filter-q" name="q" type="text" value={values.q} maxlength={200} {...invalid('q', errors.q)} />
        </FilterField>
        <FilterField name="course" label={p.course} error={errors.course}>
          <select id="filter-course" name="course" {...invalid('course', errors.course)}>
            {anyOption}
            {options.courses.map((c) => (
              <option value={String(c.id)} selected={values.course === String(c.id)}>
                {c.title}
              </option>
            ))}
          </select>
        </FilterField>
        <FilterField name="cohort" label={p.cohort} error={errors.cohort}>
          <select id="filter-cohort" name="cohort" {...invalid('cohort', errors.cohort)}>
            {anyOption}
            {options.cohorts.map((h) => (
              <option value={String(h.id)} selected={values.cohort === String(h.id)}>
                {`${h.courseTitle}: ${h.isDefault || !h.name ? t.cohorts.defaultName : h.name}`}
              </option>
            ))}
          </select>
        </FilterField>
        <FilterField name="role" label={p.role} error={errors.role}>
          <select id="filter-role" name="role" {...invalid('role', errors.role)}>
            {anyOption}
            {ROLES.map((role) => (
              <option value={role} selected={values.role === role}>
                {p.roles[role]}
              </option>
            ))}
          </select>
        </FilterField>
        <FilterField name="state" label={p.state} error={errors.state}>
          <select id="filter-state" name="state" {...invalid('state', errors.state)}>
            {anyOption}
            {ACCOUNT_STATES.map((state) => (
              <option value={state} selected={values.state === state}>
                {p.states[state]}
              </option>
            ))}
          </select>
        </FilterField>
        <FilterField name="learning" label={p.learning} error={errors.learning}>
          <select id="filter-learning" name="learning" {...invalid('learning', errors.learning)}>
            {anyOption}
            {LEARNING_STATES.map((state) => (
              <option value={state} selected={values.learning === state}>
                {p.learningStates[state]}
              </option>
            ))}
          </select>
        </FilterField>
        <button type="submit" class="button primary">
          {p.show}
        </button>
        <a href={peopleUrl()}>{p.clear}</a>
      </form>
      <PeopleResults {...props} />
    </Layout>
  );
}

function FilterField({ name, label, error, children }: { name: string; label: string; error: string | undefined; children: unknown }) {
  return (
    <div class="field">
      <label for={`filter-${name}`}>{label}</label>
      {children}
      <FieldError id={`filter-${name}-error`} message={error} />
    </div>
  );
}

const invalid = (name: string, error: string | undefined) =>
  error ? { 'aria-invalid': 'true', 'aria-describedby': `filter-${name}-error` } : {};

/** The results: the fragment an htmx filter request gets, and the list on the full page. */
export function PeopleResults({ ui, values, errors, list, page }: ListProps) {
  const { t } = ui;
  const p = t.people;
  const messages = Object.values(errors).filter(Boolean);
  return (
    <section id="people-results" aria-label={p.title}>
      {messages.length > 0 && (
        <p class="form-error" role="alert">
          {messages.join(' ')}
        </p>
      )}
      {list && (
        <>
          <p role="status">{p.found(list.total)}</p>
          {list.people.length === 0 ? (
            <p>{p.none}</p>
          ) : (
            <ScrollTable ui={ui} label={p.title}>
              <table>
                <thead>
                  <tr>
                    <th scope="col">{p.name}</th>
                    <th scope="col">{p.email}</th>
                    <th scope="col">{p.role}</th>
                    <th scope="col">{values.course ? p.progress : p.courses}</th>
                    <th scope="col">{p.state}</th>
                  </tr>
                </thead>
                <tbody>
                  {list.people.map((person) => (
                    <tr>
                      <th scope="row">
                        <a href={personUrl(person.id)}>
                          <UserText>{person.name}</UserText>
                        </a>
                      </th>
                      <td>
                        <UserText>{person.email}</UserText>
                      </td>
                      <td>{p.roles[person.role]}</td>
                      <td>
                        {person.learning
                          ? `${p.learningStates[person.learning.state]} · ${p.progressOf(person.learning.done, person.learning.total)}`
                          : person.courses}
                      </td>
                      <td>{p.states[person.deactivated ? 'deactivated' : 'active']}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </ScrollTable>
          )}
          <Pages ui={ui} values={values} page={page} total={list.total} />
        </>
      )}
    </section>
  );
}

function Pages({ ui, values, page, total }: { ui: Ui; values: FilterValues; page: number; total: number }) {
  const p = ui.t.people;
  const last = Math.ceil(total / PAGE_SIZE);
  if (last <= 1) return null;
  const link = (n: number) => peopleUrl({ ...values, page: n === 1 ? null : n });
  return (
    <nav aria-label={p.pages} class="pager">
      {page > 1 && <a href={link(Math.min(page - 1, last))}>{p.previous}</a>}
      <ul class="nav-list">
        {Array.from({ length: last }, (_, i) => i + 1).map((n) => (
          <li>
            {n === page ? (
              <span aria-current="page">{p.page(n)}</span>
            ) : (
              <a href={link(n)} aria-label={p.page(n)}>
                {n}
              </a>
            )}
          </li>
        ))}
      </ul>
      {page < last && <a href={link(page + 1)}>{p.next}</a>}
    </nav>
  );
}

type PersonProps = { ui: Ui; person: Person; notice?: string | undefined; error?: string | undefined };

export function PersonPage({ ui, person, notice, error }: PersonProps) {
  const { t, lang } = ui;
  const p = t.people;
  const { account } = person;
  return (
    <Layout ui={ui} title={account.name || account.email} wide>
      <StudioNav ui={ui} />
      <p class="breadcrumbs">
        <a href={peopleUrl()}>{p.back}</a>
      </p>
      <h1>
        <UserText>{account.name || account.email}</UserText>
      </h1>
      <Notice message={notice} />
      <Notice message={error} kind="error" />
      <h2>{p.account}</h2>
      <dl>
        <dt>{p.email}</dt>
        <dd>
          <UserText>{account.email}</UserText>
        </dd>
        <dt>{p.name}</dt>
        <dd>
          <UserText>{account.name}</UserText>
        </dd>
        <dt>{p.role}</dt>
        <dd>{p.roles[account.role]}</dd>
        <dt>{p.language}</dt>
        <dd>{account.language ? dictionaries[account.language].languageName : p.noLanguage}</dd>
        <dt>{p.created}</dt>
        <dd>{formatDate(account.createdAt, lang)}</dd>
        <dt>{p.state}</dt>
        <dd>{account.deactivatedAt === null ? p.states.active : p.deactivatedOn(formatDate(account.deactivatedAt, lang))}</dd>
      </dl>
      <Manage ui={ui} person={person} />
      <h2>{p.courseList}</h2>
      {person.courses.length === 0 ? <p>{p.noCourses}</p> : person.courses.map((course) => <CourseSection ui={ui} course={course} />)}
      <p class="hint">{p.reflectionsPrivate}</p>
      {person.waiting.length > 0 && (
        <>
          <h2>{p.waitlist}</h2>
          <ScrollTable ui={ui} label={p.waitlist}>
            <table>
              <thead>
                <tr>
                  <th scope="col">{p.course}</th>
                  <th scope="col">{p.cohort}</th>
                  <th scope="col">{p.position}</th>
                  <th scope="col">{p.joined}</th>
                </tr>
              </thead>
              <tbody>
                {person.waiting.map((entry) => (
                  <tr>
                    <th scope="row">
                      <a href={courseUrl(entry.slug)}>{entry.title}</a>
                    </th>
                    <td>{cohortName(ui, entry.cohort)}</td>
                    <td>{entry.position}</td>
                    <td>{formatDate(entry.joinedAt, lang)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollTable>
        </>
      )}
    </Layout>
  );
}

/** A course's default cohort has no name of its own: it is called by the reader's language. */
function cohortName(ui: Ui, cohort: CohortFacts) {
  return cohort.isDefault || !cohort.name ? ui.t.cohorts.defaultName : <UserText>{cohort.name}</UserText>;
}

function cohortDates(ui: Ui, cohort: CohortFacts): string {
  const { startsAt, endsAt } = cohort;
  if (startsAt === null && endsAt === null) return ui.t.people.noDates;
  return [startsAt, endsAt].map((at) => (at === null ? '…' : formatDate(at, ui.lang))).join(' – ');
}

function CourseSection({ ui, course }: { ui: Ui; course: PersonCourse }) {
  const { t, lang } = ui;
  const p = t.people;
  return (
    <section aria-labelledby={`course-${course.courseId}`}>
      <h3 id={`course-${course.courseId}`}>
        <a href={courseUrl(course.slug)}>{course.title}</a>
      </h3>
      <dl>
        {course.cohort && (
          <>
            <dt>{p.cohort}</dt>
            <dd>
              {cohortName(ui, course.cohort)} ({cohortDates(ui, course.cohort)})
            </dd>
          </>
        )}
        <dt>{p.learning}</dt>
        <dd>
          <ul class="meta">
            <li>{p.enrolledOn(formatDate(course.enrolledAt, lang))}</li>
            {course.completedAt !== null && <li>{p.completedOn(formatDate(course.completedAt, lang))}</li>}
            {course.withdrawnAt !== null && <li>{p.withdrawnOn(formatDate(course.withdrawnAt, lang))}</li>}
          </ul>
        </dd>
        <dt>{p.progress}</dt>
        <dd>{p.progressOf(course.done, course.total)}</dd>
        {course.certificateCode && (
          <>
            <dt>{p.certificate}</dt>
            <dd>
              <a href={certificateCheckUrl(course.certificateCode)}>{course.certificateCode}</a>
            </dd>
          </>
        )}
      </dl>
      <ScrollTable ui={ui} label={`${p.modules}: ${course.title}`}>
        <table>
          <caption>{p.modules}</caption>
          <thead>
            <tr>
              <th scope="col">{p.module}</th>
              <th scope="col">{p.requiredDone}</th>
            </tr>
          </thead>
          <tbody>
            {course.modules.map((m) => (
              <tr>
                <th scope="row">{m.title}</th>
                <td>{p.progressOf(m.done, m.total)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollTable>
      {course.quizzes.length === 0 ? (
        <p class="meta">{p.noQuizzes}</p>
      ) : (
        <ScrollTable ui={ui} label={`${p.quizzes}: ${course.title}`}>
          <table>
            <caption>{p.quizzes}</caption>
            <thead>
              <tr>
                <th scope="col">{p.quiz}</th>
                <th scope="col">{p.attempts}</th>
                <th scope="col">{p.bestScore}</th>
                <th scope="col">{p.passed}</th>
              </tr>
            </thead>
            <tbody>
              {course.quizzes.map((q) => (
                <tr>
                  <th scope="row">{q.title}</th>
                  <td>{q.attempts}</td>
                  <td>{`${q.bestScore}/${q.bestMax}`}</td>
                  <td>{q.passed ? p.yes : p.no}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollTable>
      )}
    </section>
  );
}

/** The role and the account's access; what cannot be done is said, not offered. */
function Manage({ ui, person }: { ui: Ui; person: Person }) {
  const p = ui.t.people;
  const { account, lastAdmin } = person;
  const self = ui.user?.id === account.id;
  const other = account.role === 'admin' ? 'trainer' : 'admin';
  return (
    <section aria-labelledby="manage">
      <h2 id="manage">{p.manage}</h2>
      {lastAdmin && <p>{p.lastAdmin}</p>}
      <div class="actions">
        {!lastAdmin && (
          <form method="post" action={personRoleUrl(account.id)} class="inline">
            <input type="hidden" name="role" value={other} />
            <button type="submit" class="button" aria-describedby="role-hint">
              {other === 'admin' ? p.makeAdmin : p.makeTrainer}
            </button>
          </form>
        )}
        {account.deactivatedAt !== null ? (
          <form method="post" action={reactivateUrl(account.id)} class="inline">
            <button type="submit" class="button">
              {p.reactivate}
            </button>
          </form>
        ) : (
          !lastAdmin &&
          !self && (
            <form method="post" action={deactivateUrl(account.id)} class="inline">
              <button type="submit" class="button" aria-describedby="deactivate-hint">
                {p.deactivate}
              </button>
            </form>
          )
        )}
      </div>
      {!lastAdmin && (
        <p class="hint" id="role-hint">
          {p.roleHint}
        </p>
      )}
      {self ? (
        <p class="hint">{p.notYourself}</p>
      ) : (
        account.deactivatedAt === null &&
        !lastAdmin && (
          <p class="hint" id="deactivate-hint">
            {p.deactivateHint}
          </p>
        )
      )}
    </section>
  );
}
