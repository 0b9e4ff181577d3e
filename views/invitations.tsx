import { MIN_PASSWORD_LENGTH } from '../src/auth/password';
import type { Invitation } from '../src/data/invitations';
import { emptyProfileValues, MIN_AGE, type ProfileValues } from '../src/routes/profile-form';
import { acceptInvitationUrl, courseUrl, invitationUrl, learningUrl, signInUrl, signOutUrl } from '../src/urls';
import { Input } from './admin/form';
import type { Ui } from './context';
import { FieldError, Layout } from './layout';
import { ProfileButtons, type ProfileErrors, ProfileFields } from './profile';

export type AcceptValues = { name: string };
export type AcceptErrors = Partial<Record<'name' | 'password' | 'confirm' | 'form', string>>;

/** What the invitation gives: its address, and the course and cohort it brings a seat in. */
function About({ ui, invitation }: { ui: Ui; invitation: Invitation }) {
  const a = ui.t.invitations.accept;
  const cohort = invitation.isDefaultCohort || !invitation.cohortName ? ui.t.cohorts.defaultName : invitation.cohortName;
  return (
    <>
      <p>{a.forEmail(invitation.email)}</p>
      {invitation.courseTitle && <p>{a.intoCohort(invitation.courseTitle, cohort)}</p>}
    </>
  );
}

/**
 * A pending invitation: the form for a new account, a sign-in link when the address has an
 * account, the Accept button for that account, or an explanation when someone else is signed in.
 */
export function InvitationPage({
  ui,
  invitation,
  token,
  values,
  errors = {},
  profile = {},
}: {
  ui: Ui;
  invitation: Invitation;
  token: string;
  values?: AcceptValues;
  errors?: AcceptErrors;
  /** The participant profile's answers as typed and their errors (a 422 page). */
  profile?: { values?: ProfileValues; errors?: ProfileErrors };
}) {
  const a = ui.t.invitations.accept;
  const { user } = ui;
  // Accepting takes a seat: where the region asks for a profile, it is asked here, once.
  const askProfile = ui.settings.askProfile && invitation.cohortId !== null && !invitation.hasProfile;
  const maxYear = new Date().getUTCFullYear() - MIN_AGE;
  const profileFields = askProfile && (
    <fieldset>
      <legend>{ui.t.profile.askTitle}</legend>
      {profile.errors && Object.keys(profile.errors).length > 0 && (
        <p class="form-error" role="alert">
          {ui.t.profile.fixErrors}
        </p>
      )}
      <ProfileFields ui={ui} values={profile.values ?? emptyProfileValues} errors={profile.errors ?? {}} maxYear={maxYear} />
    </fieldset>
  );
  return (
    <Layout ui={ui} title={a.title}>
      <h1>{a.title}</h1>
      <About ui={ui} invitation={invitation} />
      {invitation.accountExists ? (
        user?.email === invitation.email ? (
          <form method="post" action={acceptInvitationUrl(token)} class="stack narrow" novalidate>
            <p>{a.acceptLead}</p>
            {profileFields}
            {askProfile ? (
              <ProfileButtons save={ui.t.profile.saveAndAccept} decline={ui.t.profile.declineAndAccept} />
            ) : (
              <button type="submit" class="button primary">
                {a.acceptButton}
              </button>
            )}
          </form>
        ) : user ? (
          <>
            <p>{a.wrongAccount(invitation.email, user.email)}</p>
            <form method="post" action={signOutUrl()} class="inline">
              <button type="submit" class="button">
                {a.signOut}
              </button>
            </form>
          </>
        ) : (
          <>
            <p>{a.signInLead}</p>
            <p>
              <a class="button primary" href={signInUrl(invitationUrl(token))}>
                {a.signIn}
              </a>
            </p>
          </>
        )
      ) : (
        <form method="post" action={invitationUrl(token)} class="stack narrow" novalidate>
          <p>{a.formLead}</p>
          {errors.form && (
            <p class="form-error" role="alert">
              {errors.form}
            </p>
          )}
          <Input name="name" label={a.name} value={values?.name ?? invitation.name} error={errors.name} maxlength={120} required />
          <PasswordField name="password" label={a.password} hint={ui.t.auth.passwordHint(MIN_PASSWORD_LENGTH)} error={errors.password} />
          <PasswordField name="confirm" label={a.confirm} error={errors.confirm} />
          {profileFields}
          {askProfile ? (
            <ProfileButtons save={ui.t.profile.saveAndAccept} decline={ui.t.profile.declineAndAccept} />
          ) : (
            <button type="submit" class="button primary">
              {a.submit}
            </button>
          )}
        </form>
      )}
    </Layout>
  );
}

function PasswordField({ name, label, hint, error }: { name: string; label: string; hint?: string; error?: string | undefined }) {
  const id = `f-${name}`;
  const described = [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(' ');
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <input
        id={id}
        name={name}
        type="password"
        autocomplete="new-password"
        required
        minlength={MIN_PASSWORD_LENGTH}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={described || undefined}
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

/** Expired, withdrawn, or accepted by someone (or by an account not signed in here). */
export function InvitationGonePage({ ui, invitation, token }: { ui: Ui; invitation: Invitation; token: string }) {
  const a = ui.t.invitations.accept;
  const [title, text] =
    invitation.state === 'expired'
      ? [a.expiredTitle, a.expired]
      : invitation.state === 'revoked'
        ? [a.revokedTitle, a.revoked]
        : [a.acceptedTitle, a.accepted];
  return (
    <Layout ui={ui} title={title}>
      <h1>{title}</h1>
      <p>{text}</p>
      {invitation.state === 'accepted' && !ui.user && (
        <p>
          <a class="button primary" href={signInUrl(invitationUrl(token))}>
            {ui.t.nav.signIn}
          </a>
        </p>
      )}
    </Layout>
  );
}

/** After accepting: where the invitee stands in the invitation's course. */
export function WelcomePage({ ui, invitation }: { ui: Ui; invitation: Invitation }) {
  const a = ui.t.invitations.accept;
  const course = invitation.courseTitle;
  return (
    <Layout ui={ui} title={a.welcomeTitle}>
      <h1>{a.welcomeTitle}</h1>
      {course && invitation.seat === 'waiting' && <p class="notice">{a.welcomeWaiting(course)}</p>}
      {course && invitation.seat === 'enrolled' && <p class="notice ok">{a.welcomeEnrolled(course)}</p>}
      <p>
        {invitation.courseSlug && invitation.coursePublished ? (
          <a class="button primary" href={courseUrl(invitation.courseSlug)}>
            {a.goToCourse}
          </a>
        ) : (
          <a class="button primary" href={learningUrl()}>
            {a.goToLearning}
          </a>
        )}
      </p>
    </Layout>
  );
}
