import { MIN_PASSWORD_LENGTH } from '../src/auth/password';
import type { SessionUser } from '../src/auth/session';
import type { AccountPage as AccountData } from '../src/data/accounts';
import { LANGUAGES } from '../src/data/schema';
import { dictionaries, formatDate, formatTime } from '../src/i18n';
import { MIN_AGE, type ProfileValues } from '../src/routes/profile-form';
import {
  accountEmailUrl,
  accountPasswordUrl,
  accountProfileUrl,
  accountSessionsUrl,
  accountUrl,
  confirmEmailUrl,
  myDataUrl,
  participantProfileUrl,
  signInUrl,
  withdrawProfileUrl,
} from '../src/urls';
import type { Ui } from './context';
import { FieldError, Layout, ScrollTable, UserText } from './layout';
import { type ProfileErrors, ProfileFields, ProfileStatus, savedProfileValues } from './profile';

export type FormState = { values?: Record<string, string>; errors?: Partial<Record<string, string>> };

/** What a redirect back to /account says happened (`?done=`). */
export const ACCOUNT_NOTICES = [
  'profile',
  'email-sent',
  'email-not-sent',
  'password',
  'sessions',
  'participant-profile',
  'participant-profile-withdrawn',
] as const;

/** The participant profile's form as typed, with its errors (a 422 page). */
export type ParticipantState = { values?: ProfileValues; errors?: ProfileErrors };
export type AccountNotice = (typeof ACCOUNT_NOTICES)[number];

type Props = {
  ui: Ui;
  user: SessionUser;
  data: AccountData;
  notice?: AccountNotice | undefined;
  /** The form that failed validation, with what was typed and a message per field. */
  profile?: FormState;
  email?: FormState;
  password?: FormState;
  participant?: ParticipantState;
};

export function AccountPage({ ui, user, data, notice, profile = {}, email = {}, password = {}, participant = {} }: Props) {
  const { t, lang } = ui;
  const a = t.account;
  const when = (ms: number) => `${formatDate(ms, lang)} ${formatTime(ms, lang)}`;
  const notices: Record<AccountNotice, string> = {
    profile: a.saved,
    'email-sent': a.emailSent,
    'email-not-sent': a.emailNotSent,
    password: a.passwordChanged,
    sessions: a.othersSignedOut,
    'participant-profile': ui.t.profile.saved,
    'participant-profile-withdrawn': ui.t.profile.withdrawn,
  };
  const p = ui.t.profile;
  const participantErrors = participant.errors ?? {};
  return (
    <Layout ui={ui} title={a.title}>
      <h1>{a.title}</h1>
      <p class="lead" id="account-who">
        <strong>
          <UserText>{user.name}</UserText>
        </strong>{' '}
        (<UserText>{user.email}</UserText>)
      </p>
      <p>{a.lead}</p>
      {notice && (
        <p class={notice === 'email-not-sent' ? 'form-error' : 'notice ok'} role="status">
          {notices[notice]}
        </p>
      )}

      <section aria-labelledby="profile-title">
        <h2 id="profile-title">{a.profileTitle}</h2>
        <form method="post" action={accountProfileUrl()} class="stack narrow" novalidate>
          <AccountField
            name="name"
            type="text"
            label={a.name}
            autocomplete="name"
            value={profile.values?.name ?? user.name}
            hint={a.nameHint}
            error={profile.errors?.name}
          />
          <LanguageField ui={ui} value={profile.values?.language ?? user.preferredLanguage ?? lang} error={profile.errors?.language} />
          <button type="submit" class="button primary">
            {a.saveProfile}
          </button>
        </form>
      </section>

      <section aria-labelledby="email-title">
        <h2 id="email-title">{a.emailTitle}</h2>
        <p>
          {a.currentEmail}: <UserText>{user.email}</UserText>
        </p>
        {data.pending && (
          <p class="notice">
            {a.pendingEmail}: <UserText>{data.pending.newEmail}</UserText>. {a.pendingUntil(when(data.pending.expiresAt))}
          </p>
        )}
        <form method="post" action={accountEmailUrl()} class="stack narrow" novalidate>
          <AccountField
            name="email"
            type="email"
            label={a.newEmail}
            autocomplete="email"
            value={email.values?.email}
            hint={a.emailHint}
            error={email.errors?.email}
          />
          <AccountField
            name="password"
            id="email-password"
            type="password"
            label={a.currentPassword}
            autocomplete="current-password"
            error={email.errors?.password}
          />
          <button type="submit" class="button">
            {a.sendConfirmation}
          </button>
        </form>
      </section>

      <section aria-labelledby="password-title">
        <h2 id="password-title">{a.passwordTitle}</h2>
        <form method="post" action={accountPasswordUrl()} class="stack narrow" novalidate>
          <AccountField
            name="current"
            type="password"
            label={a.currentPassword}
            autocomplete="current-password"
            error={password.errors?.current}
          />
          <NewPasswordFields ui={ui} errors={password.errors ?? {}} />
          <button type="submit" class="button">
            {a.changePassword}
          </button>
        </form>
      </section>

      <section aria-labelledby="sessions-title">
        <h2 id="sessions-title">{a.sessionsTitle}</h2>
        <p>{a.sessionsLead}</p>
        <ScrollTable ui={ui} label={a.sessionsLabel}>
          <table>
            <thead>
              <tr>
                <th scope="col">{a.device}</th>
                <th scope="col">{a.sessionStarted}</th>
                <th scope="col">{a.sessionEnds}</th>
              </tr>
            </thead>
            <tbody>
              {data.sessions.map((s) => (
                <tr>
                  <td>{s.current ? <strong>{a.thisDevice}</strong> : a.otherDevice}</td>
                  <td>{when(s.createdAt)}</td>
                  <td>{when(s.expiresAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollTable>
        <div class="actions">
          {data.sessions.length > 1 && (
            <form method="post" action={accountSessionsUrl('others')} class="inline">
              <button type="submit" class="button">
                {a.signOutOthers}
              </button>
            </form>
          )}
          <form method="post" action={accountSessionsUrl('all')} class="inline">
            <button type="submit" class="button">
              {a.signOutAll}
            </button>
          </form>
        </div>
      </section>

      <section aria-labelledby="participant-title">
        <h2 id="participant-title">{p.accountTitle}</h2>
        <p>{p.accountLead}</p>
        <ProfileStatus ui={ui} profile={data.profile} />
        <form method="post" action={participantProfileUrl()} class="stack narrow" novalidate>
          {Object.keys(participantErrors).length > 0 && (
            <p class="form-error" role="alert">
              {p.fixErrors}
            </p>
          )}
          <ProfileFields
            ui={ui}
            values={participant.values ?? savedProfileValues(data.profile)}
            errors={participantErrors}
            maxYear={new Date().getUTCFullYear() - MIN_AGE}
          />
          <button type="submit" class="button primary">
            {p.save}
          </button>
        </form>
        {data.profile?.answers && (
          <form method="post" action={withdrawProfileUrl()} class="inline">
            <p>{p.withdrawLead}</p>
            <button type="submit" class="button">
              {p.withdraw}
            </button>
          </form>
        )}
      </section>

      <section aria-labelledby="data-title">
        <h2 id="data-title">{a.dataTitle}</h2>
        <p>{a.dataLead}</p>
        <p>
          <a href={myDataUrl()}>{a.dataLink}</a>
        </p>
      </section>
    </Layout>
  );
}

/** The new password and its confirmation, as the account page and the reset page ask for them. */
export function NewPasswordFields({ ui, errors }: { ui: Ui; errors: Partial<Record<string, string>> }) {
  const { t } = ui;
  return (
    <>
      <AccountField
        name="password"
        id="new-password"
        type="password"
        label={t.account.newPassword}
        autocomplete="new-password"
        hint={t.auth.passwordHint(MIN_PASSWORD_LENGTH)}
        error={errors.password}
      />
      <AccountField name="confirm" type="password" label={t.account.confirmPassword} autocomplete="new-password" error={errors.confirm} />
    </>
  );
}

/** GET /account/email/:token: one button, so that a mail scanner opening the link changes nothing. */
export function ConfirmEmailPage({ ui, token, newEmail }: { ui: Ui; token: string; newEmail: string }) {
  const a = ui.t.account;
  return (
    <Layout ui={ui} title={a.confirmEmailTitle}>
      <h1>{a.confirmEmailTitle}</h1>
      <p>{a.confirmEmailLead}</p>
      <p>
        <strong>
          <UserText>{newEmail}</UserText>
        </strong>
      </p>
      <form method="post" action={confirmEmailUrl(token)}>
        <button type="submit" class="button primary">
          {a.confirmEmail}
        </button>
      </form>
    </Layout>
  );
}

export function EmailChangedPage({ ui }: { ui: Ui }) {
  const a = ui.t.account;
  return (
    <Layout ui={ui} title={a.emailChangedTitle}>
      <h1>{a.emailChangedTitle}</h1>
      <p>{a.emailChanged}</p>
      <p>{ui.user ? <a href={accountUrl()}>{a.toAccount}</a> : <a href={signInUrl()}>{a.toSignIn}</a>}</p>
    </Layout>
  );
}

/** A labelled input with its hint and error tied to it for screen readers (aria-describedby). */
export function AccountField(props: {
  name: string;
  /** When two forms on one page have a field of the same name. */
  id?: string;
  type: 'text' | 'email' | 'password';
  label: string;
  autocomplete: string;
  value?: string | undefined;
  error?: string | undefined;
  hint?: string | undefined;
}) {
  const { name, id = name, label, error, hint, value, type, autocomplete } = props;
  const described = [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(' ');
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <input
        id={id}
        name={name}
        type={type}
        autocomplete={autocomplete}
        required
        value={type === 'password' ? undefined : (value ?? '')}
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

/** The language preference: each language named in itself, with the hint and error tied to it. */
function LanguageField({ ui, value, error }: { ui: Ui; value: string; error: string | undefined }) {
  const a = ui.t.account;
  return (
    <div class="field">
      <label for="language">{a.language}</label>
      <select
        id="language"
        name="language"
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={['language-hint', error && 'language-error'].filter(Boolean).join(' ')}
      >
        {LANGUAGES.map((code) => (
          <option value={code} lang={code} selected={code === value}>
            {dictionaries[code].languageName}
          </option>
        ))}
      </select>
      <p class="hint" id="language-hint">
        {a.languageHint}
      </p>
      <FieldError id="language-error" message={error} />
    </div>
  );
}
