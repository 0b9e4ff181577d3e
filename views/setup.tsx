import { MIN_PASSWORD_LENGTH } from '../src/auth/password';
import { setupUrl } from '../src/urls';
import { type FieldErrors, Input, Notice } from './admin/form';
import type { Ui } from './context';
import { Layout } from './layout';

type Values = { name?: string; email?: string };

export function SetupPage({ ui, values, errors }: { ui: Ui; values: Values; errors: FieldErrors }) {
  const { t } = ui;
  return (
    <Layout ui={ui} title={t.setup.title}>
      <h1>{t.setup.title}</h1>
      <p>{t.setup.lead}</p>
      <form method="post" action={setupUrl()} class="stack narrow" novalidate>
        <Notice kind="error" message={errors.form} />
        <Input
          name="token"
          type="password"
          label={t.setup.token}
          hint={t.setup.tokenHint}
          autocomplete="off"
          error={errors.token}
          required
        />
        <Input name="name" label={t.auth.name} autocomplete="name" value={values.name} error={errors.name} required />
        <Input name="email" type="email" label={t.auth.email} autocomplete="email" value={values.email} error={errors.email} required />
        <Input
          name="password"
          type="password"
          label={t.auth.password}
          autocomplete="new-password"
          hint={t.auth.passwordHint(MIN_PASSWORD_LENGTH)}
          error={errors.password}
          required
        />
        <button type="submit" class="button primary">
          {t.setup.submit}
        </button>
      </form>
    </Layout>
  );
}
