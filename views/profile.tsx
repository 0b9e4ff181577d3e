/**
 * The participant profile's questions, as enrolment (a page without JavaScript, the enrol
 * widget's place with htmx), an invitation and /account ask them. Every question can be
 * answered "prefer not to say", and the whole profile can be declined without losing anything.
 */
import type { CourseView } from '../src/data/courses';
import type { Profile } from '../src/data/profiles';
import { DISABILITY_ANSWERS, EDUCATION_LEVELS, GENDERS, LABOUR_STATUSES } from '../src/data/schema';
import type { Texts } from '../src/data/settings';
import { formatDate } from '../src/i18n';
import { emptyProfileValues, FIRST_BIRTH_YEAR, type ProfileValues } from '../src/routes/profile-form';
import { courseUrl, enrolUrl } from '../src/urls';
import { Select } from './admin/form';
import type { Ui } from './context';
import { FieldError, Layout } from './layout';

export type ProfileErrors = Partial<Record<string, string>>;

/** The region's text in the reader's language, else in any language it was written in. */
export function consentText(ui: Ui, texts: Texts): string {
  return texts[ui.lang] || Object.values(texts).find(Boolean) || '';
}

/** Plain text, paragraph by paragraph (the admin's text is never HTML). */
function Paragraphs({ text, id }: { text: string; id?: string }) {
  return (
    <div class="consent-text" id={id}>
      {text
        .split(/\n\s*\n/)
        .filter((p) => p.trim())
        .map((p) => (
          <p>{p.trim()}</p>
        ))}
    </div>
  );
}

/** The questions, the consent texts and checkboxes; the buttons are the caller's. */
export function ProfileFields({ ui, values, errors, maxYear }: { ui: Ui; values: ProfileValues; errors: ProfileErrors; maxYear: number }) {
  const p = ui.t.profile;
  // "Prefer not to say" is the answer until another is chosen.
  const answer = (v: string) => v || 'undisclosed';
  return (
    <>
      <Paragraphs text={consentText(ui, ui.settings.profileConsent)} id="profile-consent-text" />
      <Select
        id="profile-gender"
        name="gender"
        label={p.gender}
        value={answer(values.gender)}
        error={errors.gender}
        options={GENDERS.map((g) => ({ value: g, label: p.genders[g] }))}
      />
      <div class="field">
        <label for="profile-birth_year">{p.birthYear}</label>
        <input
          id="profile-birth_year"
          name="birth_year"
          type="number"
          inputmode="numeric"
          min={FIRST_BIRTH_YEAR}
          max={maxYear}
          value={values.birth_year}
          aria-invalid={errors.birth_year ? 'true' : undefined}
          aria-describedby={['profile-birth_year-hint', errors.birth_year && 'profile-birth_year-error'].filter(Boolean).join(' ')}
        />
        <p class="hint" id="profile-birth_year-hint">
          {p.birthYearHint}
        </p>
        <FieldError id="profile-birth_year-error" message={errors.birth_year} />
      </div>
      <Select
        id="profile-labour_status"
        name="labour_status"
        label={p.labourStatus}
        value={answer(values.labour_status)}
        error={errors.labour_status}
        hint={p.labourStatusHint}
        options={LABOUR_STATUSES.map((s) => ({ value: s, label: p.labourStatuses[s] }))}
      />
      <Select
        id="profile-education"
        name="education"
        label={p.education}
        value={answer(values.education)}
        error={errors.education}
        options={EDUCATION_LEVELS.map((s) => ({ value: s, label: p.educationLevels[s] }))}
      />
      <fieldset class="profile-disability">
        <legend>{p.disabilityLegend}</legend>
        <Paragraphs text={consentText(ui, ui.settings.disabilityConsent)} />
        <label class="check">
          <input type="checkbox" name="disability_consent" value="1" checked={values.disability_consent} /> {p.disabilityConsent}
        </label>
        <Select
          id="profile-disability"
          name="disability"
          label={p.disability}
          value={answer(values.disability)}
          error={errors.disability}
          hint={p.disabilityHint}
          options={DISABILITY_ANSWERS.map((s) => ({ value: s, label: p.disabilityAnswers[s] }))}
        />
      </fieldset>
      <div class="field">
        <label class="check">
          <input
            type="checkbox"
            name="consent"
            value="1"
            checked={values.consent}
            aria-invalid={errors.consent ? 'true' : undefined}
            aria-describedby={errors.consent ? 'profile-consent-error' : 'profile-consent-text'}
          />{' '}
          {p.consent}
        </label>
        <FieldError id="profile-consent-error" message={errors.consent} />
      </div>
    </>
  );
}

/** The two ways on: share the profile, or go on without one. */
export function ProfileButtons({ save, decline }: { save: string; decline: string }) {
  return (
    <div class="actions">
      <button type="submit" name="profile" value="save" class="button primary">
        {save}
      </button>
      <button type="submit" name="profile" value="decline" class="button">
        {decline}
      </button>
    </div>
  );
}

export type EnrolAsk = { cohort: string; key: string; next: string };

/**
 * Asked at enrolment: the questions in a form that enrols either way. With htmx it replaces the
 * enrol widget (same id), without JavaScript it is the body of its own page.
 */
export function EnrolProfileForm(props: {
  ui: Ui;
  view: CourseView;
  ask: EnrolAsk;
  values?: ProfileValues;
  errors?: ProfileErrors;
  maxYear: number;
}) {
  const { ui, view, ask, values = emptyProfileValues, errors = {}, maxYear } = props;
  const p = ui.t.profile;
  const action = enrolUrl(view.course.slug);
  const messages = Object.keys(errors).length > 0;
  return (
    <div id="enrol-widget" class="profile-ask">
      <h2 id="profile-ask-title">{p.askTitle}</h2>
      <p>{p.askLead}</p>
      {messages && (
        <p class="form-error" role="alert">
          {p.fixErrors}
        </p>
      )}
      <form
        method="post"
        action={action}
        hx-post={action}
        hx-target="#enrol-widget"
        hx-swap="outerHTML"
        hx-disable="findAll button"
        class="stack narrow"
        aria-labelledby="profile-ask-title"
        novalidate
      >
        <input type="hidden" name="cohort" value={ask.cohort} />
        <input type="hidden" name="key" value={ask.key} />
        {ask.next && <input type="hidden" name="next" value={ask.next} />}
        <ProfileFields ui={ui} values={values} errors={errors} maxYear={maxYear} />
        <ProfileButtons save={p.saveAndEnrol} decline={p.declineAndEnrol} />
      </form>
    </div>
  );
}

export function EnrolProfilePage(props: Parameters<typeof EnrolProfileForm>[0]) {
  const { ui, view } = props;
  return (
    <Layout ui={ui} title={ui.t.profile.askTitle}>
      <nav class="breadcrumbs" aria-label="breadcrumbs">
        <a href={courseUrl(view.course.slug)}>{view.course.title}</a>
      </nav>
      <h1>{view.course.title}</h1>
      <EnrolProfileForm {...props} />
    </Layout>
  );
}

/** The profile as /account shows it: the answers, when consent was given, and what can be done. */
export function savedProfileValues(profile: Profile | null): ProfileValues {
  const a = profile?.answers;
  if (!a) return emptyProfileValues;
  return {
    gender: a.gender,
    birth_year: a.birthYear === null ? '' : String(a.birthYear),
    labour_status: a.labourStatus,
    education: a.education,
    disability: a.disability ?? '',
    disability_consent: a.disability !== null,
    consent: false,
  };
}

export function ProfileStatus({ ui, profile }: { ui: Ui; profile: Profile | null }) {
  const p = ui.t.profile;
  if (!profile?.answers || profile.consentAt === null) return <p>{profile?.declinedAt ? p.declined : p.none}</p>;
  return (
    <p>
      {p.givenOn(formatDate(profile.consentAt, ui.lang))}
      {profile.disabilityConsentAt !== null && ` ${p.disabilityGivenOn(formatDate(profile.disabilityConsentAt, ui.lang))}`}
    </p>
  );
}
