import { MIN_PASSWORD_LENGTH } from '../src/auth/password';
import type { Ui } from './context';
import { FieldError, Layout } from './layout';

export type AuthErrors = Partial<Record<'email' | 'password' | 'name' | 'form', string>>;
type Values = { email?: string; name?: string; next?: string };

export function SignInPage({ ui, values, errors }: { ui: Ui; values: Values; errors: AuthErrors }) {
  const { t } = ui;
  return (
    <Layout ui={ui} title={t.auth.signInTitle}>
      <h1>{t.auth.signInTitle}</h1>
      <form method="post" action="/sign-in" class="stack narrow" novalidate>
        {errors.form && (
          <p class="form-error" role="alert" id="form-error">
            {errors.form}
          </p>
        )}
        <input type="hidden" name="next" value={values.next ?? ''} />
        <EmailField ui={ui} value={values.email} error={errors.email} />
        <div class="field">
          <label for="password">{t.auth.password}</label>
          <input
            id="password"
            name="password"
            type="password"
            autocomplete="current-password"
            required
            aria-invalid={errors.password ? 'true' : undefined}
            aria-describedby={errors.password ? 'password-error' : undefined}
          />
          <FieldError id="password-error" message={errors.password} />
        </div>
        <button type="submit" class="button primary">
          {t.auth.submitSignIn}
        </button>
      </form>
      {ui.signupOpen && (
        <p>
          {t.auth.noAccount} <a href="/sign-up">{t.nav.signUp}</a>
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
      <form method="post" action="/sign-up" class="stack narrow" novalidate>
        {errors.form && (
          <p class="form-error" role="alert">
            {errors.form}
          </p>
        )}
        <div class="field">
          <label for="name">{t.auth.name}</label>
          <input
            id="name"
            name="name"
            type="text"
            autocomplete="name"
            required
            value={values.name ?? ''}
            aria-invalid={errors.name ? 'true' : undefined}
            aria-describedby={errors.name ? 'name-error' : undefined}
          />
          <FieldError id="name-error" message={errors.name} />
        </div>
        <EmailField ui={ui} value={values.email} error={errors.email} />
        <div class="field">
          <label for="password">{t.auth.password}</label>
          <input
            id="password"
            name="password"
            type="password"
            autocomplete="new-password"
            required
            minlength={MIN_PASSWORD_LENGTH}
            aria-invalid={errors.password ? 'true' : undefined}
            aria-describedby={errors.password ? 'password-hint password-error' : 'password-hint'}
          />
          <p class="hint" id="password-hint">
            {t.auth.passwordHint(MIN_PASSWORD_LENGTH)}
          </p>
          <FieldError id="password-error" message={errors.password} />
        </div>
        <button type="submit" class="button primary">
          {t.auth.submitSignUp}
        </button>
      </form>
      <p>
        {t.auth.haveAccount} <a href="/sign-in">{t.nav.signIn}</a>
      </p>
    </Layout>
  );
}

function EmailField({ ui, value, error }: { ui: Ui; value: string | undefined; error: string | undefined }) {
  return (
    <div class="field">
      <label for="email">{ui.t.auth.email}</label>
      <input
        id="email"
        name="email"
        type="email"
        autocomplete="email"
        required
        value={value ?? ''}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={error ? 'email-error' : undefined}
      />
      <FieldError id="email-error" message={error} />
    </div>
  );
}
