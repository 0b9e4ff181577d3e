import type { TokenState } from '../src/data/accounts';
import { passwordResetUrl } from '../src/urls';
import { AccountField, NewPasswordFields } from './account';
import type { Ui } from './context';
import { Layout } from './layout';

type Errors = Partial<Record<string, string>>;

export function ResetRequestPage({ ui, email, errors }: { ui: Ui; email?: string; errors: Errors }) {
  const a = ui.t.account;
  return (
    <Layout ui={ui} title={a.resetTitle}>
      <h1>{a.resetTitle}</h1>
      <p>{a.resetLead}</p>
      <form method="post" action={passwordResetUrl()} class="stack narrow" novalidate>
        {errors.form && (
          <p class="form-error" role="alert">
            {errors.form}
          </p>
        )}
        <AccountField name="email" type="email" label={ui.t.auth.email} autocomplete="email" value={email} error={errors.email} />
        <button type="submit" class="button primary">
          {a.sendResetLink}
        </button>
      </form>
    </Layout>
  );
}

/** The same page whether or not an account has that address. */
export function ResetSentPage({ ui }: { ui: Ui }) {
  const a = ui.t.account;
  return (
    <Layout ui={ui} title={a.resetSentTitle}>
      <h1>{a.resetSentTitle}</h1>
      <p role="status">{a.resetSent}</p>
      <p>{a.resetSentHelp}</p>
      <p>
        <a href={passwordResetUrl()}>{a.askAgain}</a>
      </p>
    </Layout>
  );
}

export function NewPasswordPage({ ui, token, errors }: { ui: Ui; token: string; errors: Errors }) {
  const a = ui.t.account;
  return (
    <Layout ui={ui} title={a.newPasswordTitle}>
      <h1>{a.newPasswordTitle}</h1>
      <p>{a.newPasswordLead}</p>
      <form method="post" action={passwordResetUrl(token)} class="stack narrow" novalidate>
        <NewPasswordFields ui={ui} errors={errors} />
        <button type="submit" class="button primary">
          {a.savePassword}
        </button>
      </form>
    </Layout>
  );
}

/**
 * A link that does not work (any more): says why, and where to get a new one. `taken`: an email
 * change whose address another account took meanwhile.
 */
export function LinkProblemPage({
  ui,
  state,
  again,
}: {
  ui: Ui;
  state: Exclude<TokenState, 'valid'> | 'taken';
  again: { url: string; label: string };
}) {
  const a = ui.t.account;
  const why = { unknown: a.linkUnknown, expired: a.linkExpired, used: a.linkUsed, taken: a.linkTaken }[state];
  return (
    <Layout ui={ui} title={a.linkTitle}>
      <h1>{a.linkTitle}</h1>
      <p>{why}</p>
      <p>
        <a href={again.url}>{again.label}</a>
      </p>
    </Layout>
  );
}
