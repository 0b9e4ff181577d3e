/**
 * /admin/invitations: the list, inviting a list of people (pasted or a CSV file, into a cohort or
 * not), sending an invitation again and withdrawing one. Admins only: `requireUser` sends visitors
 * to sign in, `signedIn(…, ADMIN)` answers trainers 403, and every statement checks the role in
 * SQL. Each page and each write is one D1 batch; emails go out after it has committed, and a
 * failed send shows the link on the result page (it is only known now: D1 keeps its hash).
 */
import { sql } from 'drizzle-orm';
import { type Context, Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { z } from 'zod';
import {
  InvitationsPage,
  type InviteErrors,
  InvitePage,
  type InviteResult,
  InviteResultsPage,
  type InviteValues,
} from '../../../views/admin/invitations';
import { generateSessionToken, hashSessionToken } from '../../auth/session';
import {
  cohortChoicesRead,
  invitationStateRead,
  invitationsRead,
  inviteWrites,
  type MailCohort,
  mailCohortRead,
  type NewInvitation,
  type ResentInvitation,
  resendWrites,
  revokeWrites,
} from '../../data/admin/invitations';
import { INVITATION_STATES } from '../../data/invitations';
import { LANGUAGES, type Language } from '../../data/schema';
import { readAll } from '../../db';
import type { AppEnv } from '../../env';
import { params, requireUser, signedIn } from '../../http/guards';
import { render, renderError } from '../../http/render';
import { dictionaries, formatDate } from '../../i18n';
import { combineLists, type ListEntry, NotUtf8Error, parseCsvList, parsePastedList } from '../../invitation-list';
import { composeMail } from '../../mail/compose';
import { type MailResult, sendMails } from '../../mail/send';
import { invitationsUrl, invitationUrl } from '../../urls';
import { echoed, readForm } from '../validation';
import { ADMIN, actor, idParam } from './shared';

export const adminInvitationRoutes = new Hono<AppEnv>();

/**
 * At most this many lines per submission. With a cohort, each existing account costs three
 * statements in the batch (takeSeatStatements), so 300 lines stay under the 1,000 queries a
 * Worker may send D1 per request on the Paid plan.
 */
export const MAX_INVITATIONS = 300;
/** A CSV of 300 people is under 30 KB; 256 KB leaves room for long names and stray columns. */
export const MAX_LIST_BYTES = 256 * 1024;
const MAX_LIST_KB = MAX_LIST_BYTES / 1024;
/** The multipart body: the file, the pasted list and the small fields. */
const MAX_INVITE_BODY = MAX_LIST_BYTES + 128 * 1024;
const MAX_PASTED_CHARS = 100_000;

const stateQuery = z.object({ state: z.enum(INVITATION_STATES).optional() });

adminInvitationRoutes.get('/', requireUser, async (c) => {
  const { lang, now } = c.var;
  const query = stateQuery.safeParse({ state: c.req.query('state') || undefined });
  const state = query.success ? (query.data.state ?? null) : null;
  const page = await signedIn(c, invitationsRead(state, lang, now), ADMIN);
  if (page instanceof Response) return page;
  if (!query.success) {
    return render(
      c,
      <InvitationsPage ui={c.var.ui} invitations={page.value} state={null} stateError={c.var.t.invitations.badState} />,
      422,
    );
  }
  return render(c, <InvitationsPage ui={c.var.ui} invitations={page.value} state={state} />);
});

adminInvitationRoutes.get('/new', requireUser, async (c) => {
  const page = await signedIn(c, cohortChoicesRead(c.var.lang), ADMIN);
  if (page instanceof Response) return page;
  return render(c, <InvitePage ui={c.var.ui} cohorts={page.value} values={emptyValues(c)} maxFileKb={MAX_LIST_KB} />);
});

const emptyValues = (c: Context<AppEnv>): InviteValues => ({ list: '', defaultLanguage: c.var.lang, cohort: '' });

/** The form again with a message per field (and the typed values): 422, or 413 for a file too large. */
async function refuse(c: Context<AppEnv>, values: InviteValues, errors: InviteErrors, status: 413 | 422) {
  const page = await signedIn(c, cohortChoicesRead(c.var.lang), ADMIN);
  if (page instanceof Response) return page;
  return render(c, <InvitePage ui={c.var.ui} cohorts={page.value} values={values} errors={errors} maxFileKb={MAX_LIST_KB} />, status);
}

/**
 * Inviting. The lists are read and checked here; then one batch invites, enrols existing accounts
 * into the cohort and reads what happened to each address; then the emails go out, each in its
 * invitee's language. The result page (not a redirect: it holds the links of unsent emails) has a
 * row per line of the input.
 */
adminInvitationRoutes.post('/', requireUser, async (c) => {
  const { t, lang } = c.var;
  const errors = t.invitations.errors;
  let form: Record<string, unknown>;
  try {
    form = await readForm(c.req, MAX_INVITE_BODY);
  } catch (error) {
    if (!(error instanceof HTTPException && error.status === 413)) throw error;
    return refuse(c, emptyValues(c), { file: errors.fileTooLarge(MAX_LIST_KB) }, 413);
  }
  const values: InviteValues = {
    list: echoed(form.list, MAX_PASTED_CHARS),
    defaultLanguage: echoed(form.defaultLanguage, 10),
    cohort: echoed(form.cohort, 20),
  };
  const fieldErrors: InviteErrors = {};
  const language = z.enum(LANGUAGES).safeParse(form.defaultLanguage);
  if (!language.success) fieldErrors.defaultLanguage = errors.language;
  const cohort = z.union([z.literal(''), z.string().regex(/^\d{1,9}$/)]).safeParse(form.cohort ?? '');
  if (!cohort.success) fieldErrors.cohort = errors.cohort;
  if (typeof form.list === 'string' && form.list.length > MAX_PASTED_CHARS) fieldErrors.list = errors.tooMany(MAX_INVITATIONS);
  const file = form.file instanceof File && form.file.size > 0 ? form.file : null;
  if (file && file.size > MAX_LIST_BYTES) return refuse(c, values, { ...fieldErrors, file: errors.fileTooLarge(MAX_LIST_KB) }, 413);
  if (!language.success || Object.keys(fieldErrors).length > 0) return refuse(c, values, fieldErrors, 422);

  let entries: ListEntry[];
  try {
    const pasted = typeof form.list === 'string' ? parsePastedList(form.list, language.data) : [];
    entries = file ? combineLists(pasted, parseCsvList(new Uint8Array(await file.arrayBuffer()), language.data)) : pasted;
  } catch (error) {
    if (!(error instanceof NotUtf8Error)) throw error;
    return refuse(c, values, { file: errors.notUtf8 }, 422);
  }
  if (entries.length === 0) return refuse(c, values, { list: errors.empty }, 422);
  if (entries.length > MAX_INVITATIONS) return refuse(c, values, { list: errors.tooMany(MAX_INVITATIONS) }, 422);

  const cohortId = cohort.data ? Number(cohort.data) : null;
  const tokens = new Map<string, string>();
  const people: NewInvitation[] = [];
  for (const entry of entries) {
    if (!entry.ok) continue;
    const token = generateSessionToken();
    tokens.set(entry.email, token);
    people.push({ email: entry.email, name: entry.name, language: entry.language, tokenHash: await hashSessionToken(token) });
  }
  const expiresAt = expiryOf(c);
  const invite = inviteWrites(people, cohortId, expiresAt, actor(c));
  const page = await signedIn(
    c,
    readAll({ after: invite.after, cohorts: cohortChoicesRead(lang), mailCohort: mailCohortRead(sql`${cohortId}`) }),
    { ...ADMIN, writes: invite.statements },
  );
  if (page instanceof Response) return page;
  const { after, cohorts, mailCohort } = page.value;
  if (!after.cohortOk) {
    return render(
      c,
      <InvitePage ui={c.var.ui} cohorts={cohorts} values={values} errors={{ cohort: errors.cohort }} maxFileKb={MAX_LIST_KB} />,
      422,
    );
  }
  const outcomes = invite.outcomes(page.written, after);

  // The batch has committed: now the emails, each in its invitee's language.
  const invited = people.filter((p) => outcomes.get(p.email)?.kind === 'invited');
  const links = new Map(invited.map((p) => [p.email, acceptLink(c, tokens.get(p.email) ?? '')]));
  const sent = await sendMails(
    c.env,
    invited.map((p) => invitationMail(c, { ...p, link: links.get(p.email) ?? '', expiresAt, cohort: mailCohort })),
  );
  const sentTo = new Map<string, MailResult>(invited.map((p, i) => [p.email, sent[i] ?? { ok: false, reason: 'not sent' }]));

  const results = entries.map((entry): InviteResult => {
    const base = { line: entry.line, text: entry.text, email: entry.ok ? entry.email : (entry.email ?? null) };
    if (!entry.ok) return { ...base, outcome: 'invalid', reason: entry.reason };
    const outcome = outcomes.get(entry.email);
    if (outcome?.kind === 'invited') {
      return { ...base, outcome: 'invited', mailSent: sentTo.get(entry.email)?.ok === true, link: links.get(entry.email) ?? '' };
    }
    if (outcome?.kind === 'member') return { ...base, outcome: 'member', seat: outcome.seat };
    if (outcome?.kind === 'alreadyInvited') return { ...base, outcome: 'alreadyInvited', id: outcome.id, createdAt: outcome.createdAt };
    return { ...base, outcome: 'invalid', reason: 'duplicate' };
  });
  const notSent = [...sentTo.values()].filter((r) => !r.ok).length;
  return render(
    c,
    <InviteResultsPage
      ui={c.var.ui}
      title={t.invitations.resultsTitle}
      results={results}
      summary={t.invitations.resultsSummary(invited.length, notSent)}
    />,
  );
});

const idParams = params(z.object({ id: idParam }));

/**
 * Sending again: a new token and expiry (the old link stops working), then the email. The result
 * page says whether it went out, with the link to copy when it did not.
 */
adminInvitationRoutes.post('/:id/resend', requireUser, idParams, async (c) => {
  const { id } = c.req.valid('param');
  const { t, lang, now } = c.var;
  const token = generateSessionToken();
  const expiresAt = expiryOf(c);
  const cohort = sql`(SELECT cohort_id FROM invitations WHERE id = ${id})`;
  const page = await signedIn(
    c,
    readAll({ state: invitationStateRead(id, now), list: invitationsRead(null, lang, now), cohort: mailCohortRead(cohort) }),
    { ...ADMIN, writes: resendWrites(id, await hashSessionToken(token), expiresAt, actor(c)) },
  );
  if (page instanceof Response) return page;
  const [renewed] = (page.written[0] ?? []) as ResentInvitation[];
  if (!renewed) return unchanged(c, page.value.state, page.value.list);
  const link = acceptLink(c, token);
  const [result] = await sendMails(c.env, [invitationMail(c, { ...renewed, link, expiresAt, cohort: page.value.cohort })]);
  const mailSent = result?.ok === true;
  const row: InviteResult = { line: null, text: renewed.email, email: renewed.email, outcome: 'resent', mailSent, link };
  const summary = mailSent ? t.invitations.resent(renewed.email) : t.invitations.resultsSummary(0, 1);
  return render(c, <InviteResultsPage ui={c.var.ui} title={t.invitations.resentTitle} results={[row]} summary={summary} />);
});

/** Withdrawing: the link then says the invitation was withdrawn. */
adminInvitationRoutes.post('/:id/revoke', requireUser, idParams, async (c) => {
  const { id } = c.req.valid('param');
  const { lang, now } = c.var;
  const page = await signedIn(c, readAll({ state: invitationStateRead(id, now), list: invitationsRead(null, lang, now) }), {
    ...ADMIN,
    writes: revokeWrites(id, actor(c)),
  });
  if (page instanceof Response) return page;
  if (!page.written[0]?.length) return unchanged(c, page.value.state, page.value.list);
  return c.redirect(invitationsUrl(), 303);
});

/** A resend or withdrawal that changed nothing: no such invitation (404), or it is accepted or withdrawn (422). */
function unchanged(c: Context<AppEnv>, state: string | null, list: Parameters<typeof InvitationsPage>[0]['invitations']) {
  if (state === null) return renderError(c, 'notFound', 404);
  return render(c, <InvitationsPage ui={c.var.ui} invitations={list} state={null} error={c.var.t.invitations.cannotChange} />, 422);
}

/** INVITATION_DAYS from the region's settings (14 when it is missing or not a positive number). */
function expiryOf(c: Context<AppEnv>): number {
  const days = Number(c.env.INVITATION_DAYS);
  return c.var.now + (Number.isFinite(days) && days > 0 ? days : 14) * 24 * 60 * 60 * 1000;
}

const acceptLink = (c: Context<AppEnv>, token: string) => new URL(invitationUrl(token), new URL(c.req.url).origin).toString();

/** The invitation email, in the invitee's language (never the admin's). */
function invitationMail(
  c: Context<AppEnv>,
  invitation: { email: string; name: string; language: Language; link: string; expiresAt: number; cohort: MailCohort },
) {
  const t = dictionaries[invitation.language];
  const site = c.var.settings.siteName;
  const inviter = c.var.user?.name ?? site;
  const { cohort } = invitation;
  const m = t.invitations.mail;
  return composeMail({
    to: invitation.email,
    lang: invitation.language,
    subject: m.subject(site),
    greeting: t.mail.greeting(invitation.name),
    paragraphs: [
      m.intro(inviter, site),
      ...(cohort
        ? [
            m.cohort(
              cohort.courseTitle[invitation.language],
              cohort.isDefault || !cohort.cohortName ? t.cohorts.defaultName : cohort.cohortName,
            ),
          ]
        : []),
    ],
    action: { label: m.action, url: invitation.link },
    notes: [m.expires(formatDate(invitation.expiresAt, invitation.language)), m.ignore],
    signature: t.mail.signature(site),
  });
}
