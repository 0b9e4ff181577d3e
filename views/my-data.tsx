import { MY_DATA_TABLES, type MyData } from '../src/data/my-data';
import { catalogueUrl, deleteAccountUrl, myDataCsvUrl, myDataExportUrl, myDataUrl } from '../src/urls';
import type { Ui } from './context';
import { FieldError, Layout, ScrollTable } from './layout';

/**
 * /account/data: what Warsztat holds about the signed-in person, to download. The count and the
 * link come before the description, so that on a phone they are in view before the table scrolls.
 */
export function MyDataPage({ ui, data }: { ui: Ui; data: MyData }) {
  const { t } = ui;
  const m = t.myData;
  return (
    <Layout ui={ui} title={m.title}>
      <h1>{m.title}</h1>
      <p class="lead">{m.lead}</p>
      <p>
        <a class="button primary" href={myDataExportUrl()} download>
          {m.downloadAll}
        </a>
      </p>
      <p class="hint">{m.downloadAllHint}</p>
      <h2>{m.holdsTitle}</h2>
      <p>{m.holdsLead}</p>
      <ScrollTable ui={ui} label={m.holdsTitle}>
        <table>
          <thead>
            <tr>
              <th scope="col">{m.tableColumn}</th>
              <th scope="col">{m.rowsColumn}</th>
              <th scope="col">{m.downloadColumn}</th>
              <th scope="col">{m.descriptionColumn}</th>
            </tr>
          </thead>
          <tbody>
            {MY_DATA_TABLES.map((table) => (
              <tr>
                <th scope="row">{m.tables[table].label}</th>
                <td>{data[table].length}</td>
                <td>
                  <a href={myDataCsvUrl(table)} download aria-label={m.csv(m.tables[table].label)}>
                    CSV
                  </a>
                </td>
                <td>{m.tables[table].description}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollTable>
      <h2>{m.deleteLink}</h2>
      <p>{m.deleteLinkLead}</p>
      <p>
        <a class="button" href={deleteAccountUrl()}>
          {m.deleteLink}
        </a>
      </p>
    </Layout>
  );
}

export type DeleteErrors = Partial<Record<'password' | 'confirm' | 'form', string>>;

/**
 * /account/delete: what deleting does, said before it happens, then a form that asks for the
 * password and a typed word (a checkbox is one stray tap; typing a word in capitals is not an
 * accident, and a screen reader reads its label like any other field). The last admin gets the
 * reason instead of the form.
 */
export function DeleteAccountPage({
  ui,
  lastAdmin,
  errors = {},
  confirm = '',
}: {
  ui: Ui;
  lastAdmin: boolean;
  errors?: DeleteErrors;
  confirm?: string;
}) {
  const { t } = ui;
  const m = t.myData;
  return (
    <Layout ui={ui} title={m.deleteTitle}>
      <h1>{m.deleteTitle}</h1>
      <p>{m.deleteLead}</p>
      <ul>
        {m.deleteWhat.map((item) => (
          <li>{item}</li>
        ))}
      </ul>
      <p class="notice" role="note">
        <strong>{m.irreversible}</strong> <a href={myDataUrl()}>{m.downloadAll}</a>
      </p>
      {lastAdmin ? (
        <p class="form-error" role="alert" id="form-error">
          {m.lastAdmin}
        </p>
      ) : (
        <form method="post" action={deleteAccountUrl()} class="stack narrow" novalidate>
          {errors.form && (
            <p class="form-error" role="alert" id="form-error">
              {errors.form}
            </p>
          )}
          <Field name="password" type="password" label={m.passwordLabel} autocomplete="current-password" error={errors.password} />
          <Field
            name="confirm"
            type="text"
            label={m.confirmLabel(m.confirmWord)}
            autocomplete="off"
            hint={m.confirmHint}
            value={confirm}
            error={errors.confirm}
          />
          <button type="submit" class="button primary">
            {m.submit}
          </button>
          <a href={myDataUrl()}>{m.cancel}</a>
        </form>
      )}
    </Layout>
  );
}

/** After the deletion: the browser is signed out, and says so. */
export function AccountDeletedPage({ ui }: { ui: Ui }) {
  const { t } = ui;
  return (
    <Layout ui={ui} title={t.myData.deletedTitle}>
      <h1>{t.myData.deletedTitle}</h1>
      <p role="status">{t.myData.deletedLead}</p>
      <p>{t.myData.deletedThanks}</p>
      <p>
        <a href={catalogueUrl()}>{t.home.browse}</a>
      </p>
    </Layout>
  );
}

function Field(props: {
  name: 'password' | 'confirm';
  type: 'text' | 'password';
  label: string;
  autocomplete: string;
  value?: string;
  hint?: string;
  error?: string | undefined;
}) {
  const { name, label, hint, error, value, ...input } = props;
  const described = [hint && `${name}-hint`, error && `${name}-error`].filter(Boolean).join(' ');
  return (
    <div class="field">
      <label for={name}>{label}</label>
      {hint && (
        <p class="hint" id={`${name}-hint`}>
          {hint}
        </p>
      )}
      <input
        id={name}
        name={name}
        value={value}
        required
        spellcheck={false}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={described || undefined}
        {...input}
      />
      <FieldError id={`${name}-error`} message={error} />
    </div>
  );
}
