import { MIN_PASSWORD_LENGTH } from '../src/auth/password';
import { passwordResetUrl, signInUrl, signUpUrl } from '../src/urls';
import type { Ui } from './context';
import { FieldError, Layout } from './layout';

export type AuthErrors = Partial<Record<'email' | 'password' | 'name' | 'form', string>>;
type Values = { email?: string; name?: string; next?: string };

export function SignInPage({ ui, values, errors }: { ui: Ui; values: Values; errors: AuthErrors }) {
  const { t } = ui;
  return (
    <Layout ui={ui} title={t.auth.signInTitle}>
      <h1>{t.auth.signInTitle}</h1>
      <form method="post" action={signInUrl()} class="stack narrow" novalidate>
        <FormError message={errors.form} />
        <input type="hidden" name="next" value={values.next ?? ''} />
        <Field name="email" type="email" label={t.auth.email} autocomplete="email" value={values.email} error={errors.email} />
        <Field name="password" type="password" label={t.auth.password} autocomplete="current-password" error={errors.password} />
        <button type="submit" class="button primary">
          {t.auth.submitSignIn}
        </button>
      </form>
      <p>
        <a href={passwordResetUrl()}>{t.account.forgotLink}</a>
      </p>
      {ui.signupOpen && (
        <p>
          {t.auth.noAccount} <a href={signUpUrl()}>{t.nav.signUp}</a>
        </p>
      )}
    </Layout>
  );
}

export function SignUpPage({ ui, values, errors }: { ui: Ui; values: Values; errors: AuthErrors }) {
  const { t } = ui;
  return (
    <Layout ui={ui} title={t.auth.signUpTitle}>
      <h1>{t.auth.signUpTitle}</h1>
      <form method="post" action={signUpUrl()} class="stack narrow" novalidate>
        <FormError message={errors.form} />
        <Field name="name" type="text" label={t.auth.name} autocomplete="name" value={values.name} error={errors.name} />
        <Field name="email" type="email" label={t.auth.email} autocomplete="email" value={values.email} error={errors.email} />
        <Field
          name="password"
          type="password"
          label={t.auth.password}
          autocomplete="new-password"
          minlength={MIN_PASSWORD_LENGTH}
          hint={t.auth.passwordHint(MIN_PASSWORD_LENGTH)}
          error={errors.password}
        />
        <button type="submit" class="button primary">
          {t.auth.submitSignUp}
        </button>
      </form>
      <p>
        {t.auth.haveAccount} <a href={signInUrl()}>{t.nav.signIn}</a>
      </p>
    </Layout>
  );
}

function FormError({ message }: { message: string | undefined }) {
  return message ? (
    <p class="form-error" role="alert" id="form-error">
      {message}
    </p>
  ) : null;
}

/** A labelled input with its hint and error tied to it for screen readers (aria-describedby). */
function Field(props: {
  name: string;
  type: 'text' | 'email' | 'password';
  label: string;
  autocomplete: string;
  value?: string | undefined;
  error?: string | undefined;
  hint?: string;
  minlength?: number;
}) {
  const { name, label, error, hint, value, ...input } = props;
  const described = [hint && `${name}-hint`, error && `${name}-error`].filter(Boolean).join(' ');
  return (
    <div class="field">
      <label for={name}>{label}</label>
      <input
        id={name}
        name={name}
        required
        value={props.type === 'password' ? undefined : (value ?? '')}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={described || undefined}
        {...input}
      />
      {hint && (
        <p class="hint" id={`${name}-hint`}>
          {hint}
        </p>
      )}
      <FieldError id={`${name}-error`} message={error} />
    </div>
  );
}
