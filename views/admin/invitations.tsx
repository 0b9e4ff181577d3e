import type { CohortChoice, InvitationRow } from '../../src/data/admin/invitations';
import { INVITATION_STATES, type InvitationState } from '../../src/data/invitations';
import { LANGUAGES } from '../../src/data/schema';
import { dictionaries, formatDate } from '../../src/i18n';
import type { InvalidReason } from '../../src/invitation-list';
import { invitationsUrl, newInvitationsUrl, resendInvitationUrl, revokeInvitationUrl } from '../../src/urls';
import type { Ui } from '../context';
import { FieldError, Layout, ScrollTable, UserText } from '../layout';
import { StudioNav } from './courses';
import { ActionButton, type FieldErrors, Notice, Select, TextArea } from './form';

/** "Course — cohort", the default cohort by its translated name. */
export function cohortLabel(ui: Ui, cohort: { courseTitle: string | null; cohortName: string; isDefault: boolean }) {
  if (cohort.courseTitle === null) return ui.t.invitations.noCohort;
  return `${cohort.courseTitle} — ${cohort.isDefault || !cohort.cohortName ? ui.t.cohorts.defaultName : cohort.cohortName}`;
}

export function InvitationsPage({
  ui,
  invitations,
  state,
  stateError,
  error,
}: {
  ui: Ui;
  invitations: InvitationRow[];
  state: InvitationState | null;
  stateError?: string;
  error?: string;
}) {
  const { t, lang } = ui;
  const it = t.invitations;
  return (
    <Layout ui={ui} title={it.title} wide>
      <StudioNav ui={ui} />
      <h1>{it.title}</h1>
      <p>{it.lead}</p>
      <p>
        <a class="button primary" href={newInvitationsUrl()}>
          {it.invite}
        </a>
      </p>
      <Notice message={error} kind="error" />
      <form method="get" action={invitationsUrl()} class="inline-form">
        <div class="field">
          <label for="f-state">{it.filterLabel}</label>
          <select
            id="f-state"
            name="state"
            aria-invalid={stateError ? 'true' : undefined}
            aria-describedby={stateError ? 'f-state-error' : undefined}
          >
            <option value="" selected={state === null}>
              {it.all}
            </option>
            {INVITATION_STATES.map((s) => (
              <option value={s} selected={s === state}>
                {it.states[s]}
              </option>
            ))}
          </select>
          <FieldError id="f-state-error" message={stateError} />
        </div>
        <button type="submit" class="button small">
          {it.filter}
        </button>
      </form>
      {invitations.length === 0 ? (
        <p>{it.none}</p>
      ) : (
        <ScrollTable ui={ui} label={it.title}>
          <table class="invitations">
            <thead>
              <tr>
                <th scope="col">{it.email}</th>
                <th scope="col">{it.name}</th>
                <th scope="col">{it.state}</th>
                <th scope="col">{it.cohort}</th>
                <th scope="col">{it.invitedBy}</th>
                <th scope="col">{it.sent}</th>
                <th scope="col">{it.expires}</th>
                <th scope="col">{it.actions}</th>
              </tr>
            </thead>
            <tbody>
              {invitations.map((i) => (
                <tr>
                  <td>
                    <UserText>{i.email}</UserText>
                  </td>
                  <td>{i.name ? <UserText>{i.name}</UserText> : '–'}</td>
                  <td>
                    <span class={`state state-${i.state}`}>{it.states[i.state]}</span>
                    {i.acceptedAt !== null && ` ${formatDate(i.acceptedAt, lang)}`}
                    {i.acceptedAt === null && i.revokedAt !== null && ` ${formatDate(i.revokedAt, lang)}`}
                  </td>
                  <td>{cohortLabel(ui, { courseTitle: i.courseTitle, cohortName: i.cohortName, isDefault: i.isDefaultCohort })}</td>
                  <td>{i.invitedBy ? <UserText>{i.invitedBy}</UserText> : '–'}</td>
                  <td>{formatDate(i.createdAt, lang)}</td>
                  <td>{i.state === 'pending' || i.state === 'expired' ? formatDate(i.expiresAt, lang) : '–'}</td>
                  <td>
                    {(i.state === 'pending' || i.state === 'expired') && (
                      <span class="row-actions">
                        <ActionButton action={resendInvitationUrl(i.id)} label={it.resend} />{' '}
                        <ActionButton action={revokeInvitationUrl(i.id)} label={it.revoke} describedBy="revoke-hint" />
                      </span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollTable>
      )}
      <p class="hint" id="revoke-hint">
        {it.revokeHint}
      </p>
    </Layout>
  );
}

export type InviteValues = { list: string; defaultLanguage: string; cohort: string };
export type InviteErrors = FieldErrors & Partial<Record<'list' | 'file' | 'defaultLanguage' | 'cohort', string>>;

export function InvitePage({
  ui,
  cohorts,
  values,
  errors = {},
  maxFileKb,
}: {
  ui: Ui;
  cohorts: CohortChoice[];
  values: InviteValues;
  errors?: InviteErrors;
  maxFileKb: number;
}) {
  const it = ui.t.invitations;
  return (
    <Layout ui={ui} title={it.newTitle} wide>
      <StudioNav ui={ui} />
      <h1>{it.newTitle}</h1>
      <p>{it.newLead}</p>
      <p>
        <a href={invitationsUrl()}>{it.backToList}</a>
      </p>
      <form method="post" action={invitationsUrl()} enctype="multipart/form-data" class="stack narrow" novalidate>
        <TextArea name="list" label={it.list} hint={it.listHint} value={values.list} error={errors.list} rows={8} />
        <div class="field">
          <label for="f-file">{it.file}</label>
          <input
            id="f-file"
            name="file"
            type="file"
            accept=".csv,text/csv,text/plain"
            aria-invalid={errors.file ? 'true' : undefined}
            aria-describedby={errors.file ? 'f-file-hint f-file-error' : 'f-file-hint'}
          />
          <p class="hint" id="f-file-hint">
            {it.fileHint(maxFileKb)}
          </p>
          <FieldError id="f-file-error" message={errors.file} />
        </div>
        <Select
          name="defaultLanguage"
          label={it.defaultLanguage}
          value={values.defaultLanguage}
          options={LANGUAGES.map((l) => ({ value: l, label: dictionaries[l].languageName }))}
          error={errors.defaultLanguage}
        />
        <Select
          name="cohort"
          label={ui.t.invitations.cohort}
          value={values.cohort}
          options={[{ value: '', label: it.noCohortOption }, ...cohorts.map((h) => ({ value: String(h.id), label: cohortLabel(ui, h) }))]}
          error={errors.cohort}
        />
        <button type="submit" class="button primary">
          {it.submit}
        </button>
      </form>
    </Layout>
  );
}

export type InviteResult = { line: number | null; text: string; email: string | null } & (
  | { outcome: 'invited'; mailSent: boolean; link: string }
  | { outcome: 'member'; seat: 'enrolled' | 'waiting' | 'alreadyEnrolled' | 'alreadyWaiting' | 'deactivated' | null }
  | { outcome: 'alreadyInvited'; id: number; createdAt: number }
  | { outcome: 'invalid'; reason: InvalidReason }
  | { outcome: 'resent'; mailSent: boolean; link: string }
);

/** One row per line of the input (or the one invitation sent again), with what happened to it. */
export function InviteResultsPage({ ui, title, results, summary }: { ui: Ui; title: string; results: InviteResult[]; summary: string }) {
  const it = ui.t.invitations;
  const failed = results.some((r) => (r.outcome === 'invited' || r.outcome === 'resent') && !r.mailSent);
  return (
    <Layout ui={ui} title={title} wide>
      <StudioNav ui={ui} />
      <h1>{title}</h1>
      <Notice message={summary} kind={failed ? 'error' : 'ok'} />
      <ScrollTable ui={ui} label={title}>
        <table class="invitation-results">
          <thead>
            <tr>
              <th scope="col">{it.line}</th>
              <th scope="col">{it.entered}</th>
              <th scope="col">{it.result}</th>
            </tr>
          </thead>
          <tbody>
            {results.map((r) => (
              <tr class={`outcome-${r.outcome}`}>
                <td>{r.line ?? '–'}</td>
                <td>
                  <UserText>{r.text}</UserText>
                </td>
                <td>
                  <ResultCell ui={ui} result={r} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollTable>
      <p>
        <a href={invitationsUrl()}>{it.backToList}</a> · <a href={newInvitationsUrl()}>{it.inviteMore}</a>
      </p>
    </Layout>
  );
}

function ResultCell({ ui, result: r }: { ui: Ui; result: InviteResult }) {
  const it = ui.t.invitations;
  switch (r.outcome) {
    case 'invited':
    case 'resent':
      return (
        <>
          <strong>{r.outcome === 'invited' ? it.outcomes.invited : it.resentTitle}</strong>
          {!r.mailSent && <MailNotSent ui={ui} email={r.email ?? ''} link={r.link} />}
        </>
      );
    case 'member':
      return (
        <>
          <strong>{it.outcomes.member}</strong>
          {r.seat && `: ${it.seats[r.seat]}`}
        </>
      );
    case 'alreadyInvited':
      return (
        <>
          <span>{it.outcomes.alreadyInvited(formatDate(r.createdAt, ui.lang))}</span>{' '}
          <ActionButton action={resendInvitationUrl(r.id)} label={it.resend} />
        </>
      );
    case 'invalid':
      return (
        <>
          <strong>{it.outcomes.invalid}</strong>: {it.reasons[r.reason]}
        </>
      );
  }
}

/** The link, selectable, for the admin to send by hand: only now is it known (D1 keeps its hash). */
function MailNotSent({ ui, email, link }: { ui: Ui; email: string; link: string }) {
  const it = ui.t.invitations;
  const id = `link-${email.replace(/[^a-z0-9]/gi, '-')}`;
  return (
    <div class="mail-not-sent">
      <p class="form-error">{it.mailNotSent}</p>
      <label for={id} class="visually-hidden">
        {it.linkLabel(email)}
      </label>
      <input id={id} type="text" readonly value={link} class="copy-link" />
    </div>
  );
}
