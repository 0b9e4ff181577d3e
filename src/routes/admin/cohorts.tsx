/**
 * Cohorts in the Studio: a course's cohorts (list, create, edit) and a cohort's page (members,
 * waitlist, enrolling accounts, withdrawing, removing from the waitlist). Admins only:
 * `requireUser` sends visitors to sign in, `signedIn(…, ADMIN)` answers trainers 403, and every
 * write checks the role in its own SQL (src/data/admin/cohorts.ts). Whoever a write moves up from
 * the waitlist is emailed after the batch committed, in their own language.
 */
import type { Context } from 'hono';
import { Hono } from 'hono';
import { z } from 'zod';
import { CohortEditPage, type CohortFormValues, CohortPage, CohortsPage, type EnrolResult } from '../../../views/admin/cohorts';
import {
  type CohortValues,
  cohortRead,
  cohortsRead,
  createCohortStatement,
  enrolTargetsWrites,
  promotedIn,
  removeFromWaitlistWrites,
  type Target,
  updateCohortWrites,
  withdrawWrites,
} from '../../data/admin/cohorts';
import type { Promoted } from '../../data/seats';
import type { AppEnv } from '../../env';
import { params, requireUser, signedIn } from '../../http/guards';
import { render, renderError } from '../../http/render';
import type { Dictionary } from '../../i18n';
import { mailMovedUp } from '../../mail/moved-up';
import { cohortUrl } from '../../urls';
import { fieldErrors, readForm } from '../validation';
import { stringField } from './forms';
import { ADMIN, actor, idParam } from './shared';

export const cohortRoutes = new Hono<AppEnv>();

const courseParams = params(z.object({ id: idParam }));
const cohortParams = params(z.object({ id: idParam }));
const personParams = params(z.object({ id: idParam, userId: idParam }));

const DAY = 24 * 60 * 60 * 1000;

/** `YYYY-MM-DD` (an <input type="date">) as that day's midnight UTC; '' as null. */
function dayField(t: Dictionary) {
  return z
    .string()
    .trim()
    .refine((v) => v === '' || dayOf(v) !== null, t.cohorts.invalidDate)
    .transform((v) => (v === '' ? null : dayOf(v)));
}

function dayOf(value: string): number | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const time = Date.UTC(year, month - 1, day);
  // 2027-02-31 would roll over into March: refuse it instead.
  return new Date(time).getUTCDate() === day && new Date(time).getUTCMonth() === month - 1 ? time : null;
}

const cohortSchema = (t: Dictionary, isDefault: boolean) =>
  z
    .object({
      name: isDefault
        ? z.string().trim().max(100, t.cohorts.nameRequired)
        : z.string().trim().min(1, t.cohorts.nameRequired).max(100, t.cohorts.nameRequired),
      startsAt: dayField(t),
      endsAt: dayField(t),
      capacity: z
        .string()
        .trim()
        .refine((v) => v === '' || (/^\d{1,6}$/.test(v) && Number(v) >= 1), t.cohorts.invalidCapacity)
        .transform((v) => (v === '' ? null : Number(v))),
      facilitator: z
        .string()
        .refine((v) => v === '' || /^\d{1,10}$/.test(v), t.cohorts.invalidFacilitator)
        .transform((v) => (v === '' ? null : Number(v))),
      key: z.string().trim().max(100, t.cohorts.keyTooLong),
      enrolmentOpen: z.boolean(),
      completionsAfterEnd: z.boolean(),
    })
    .refine((v) => v.startsAt === null || v.endsAt === null || v.endsAt >= v.startsAt, {
      path: ['endsAt'],
      message: t.cohorts.endBeforeStart,
    })
    .transform(
      (v): CohortValues => ({
        name: v.name,
        startsAt: v.startsAt,
        // The end day counts to its last millisecond (UTC, as the start).
        endsAt: v.endsAt === null ? null : v.endsAt + DAY - 1,
        capacity: v.capacity,
        facilitatorId: v.facilitator,
        enrolmentOpen: v.enrolmentOpen,
        enrolmentKey: v.key || null,
        completionsAfterEnd: v.completionsAfterEnd,
      }),
    );

/** The form as typed (to show again on a 422) and its validated values. */
function readCohortForm(c: Context<AppEnv>, form: Record<string, unknown>, isDefault: boolean) {
  const values: CohortFormValues = {
    name: stringField(form, 'name', 100),
    startsAt: stringField(form, 'startsAt', 10),
    endsAt: stringField(form, 'endsAt', 10),
    capacity: stringField(form, 'capacity', 10),
    facilitator: stringField(form, 'facilitator', 10),
    key: stringField(form, 'key', 200),
    enrolmentOpen: form.enrolmentOpen === '1',
    completionsAfterEnd: form.completionsAfterEnd === '1',
  };
  const parsed = cohortSchema(c.var.t, isDefault).safeParse(values);
  return { values, parsed };
}

/** The facilitator must be one of the admins the form offered (the write checks it again in SQL). */
function facilitatorError(c: Context<AppEnv>, values: CohortValues, admins: { id: number }[]) {
  return values.facilitatorId !== null && !admins.some((a) => a.id === values.facilitatorId)
    ? c.var.t.cohorts.invalidFacilitator
    : undefined;
}

cohortRoutes.get('/courses/:id/cohorts', requireUser, courseParams, async (c) => {
  const page = await signedIn(c, cohortsRead(c.req.valid('param').id), ADMIN);
  if (page instanceof Response) return page;
  if (!page.value) return renderError(c, 'notFound', 404);
  return render(c, <CohortsPage ui={c.var.ui} page={page.value} />);
});

cohortRoutes.post('/courses/:id/cohorts', requireUser, courseParams, async (c) => {
  const { id } = c.req.valid('param');
  const { values, parsed } = readCohortForm(c, await readForm(c.req), false);
  // Written only when valid; the facilitator is checked against the admins in the same SQL.
  const writes = parsed.success ? [createCohortStatement(id, parsed.data, actor(c))] : [];
  const page = await signedIn(c, cohortsRead(id), { ...ADMIN, writes });
  if (page instanceof Response) return page;
  if (!page.value) return renderError(c, 'notFound', 404);
  const errors = parsed.success ? {} : fieldErrors(parsed.error);
  if (parsed.success) {
    const created = page.written[0]?.[0] as { id: number } | undefined;
    if (created) return c.redirect(`${cohortUrl(created.id)}?done=created`, 303);
    errors.facilitator = facilitatorError(c, parsed.data, page.value.admins) ?? c.var.t.cohorts.invalidFacilitator;
  }
  return render(c, <CohortsPage ui={c.var.ui} page={page.value} values={values} errors={errors} />, 422);
});

/** Notices after a write's 303: `done`, and how many moved up from the waitlist (and were not emailed). */
function noticeOf(c: Context<AppEnv>): string | undefined {
  const { cohorts } = c.var.t;
  const done = c.req.query('done');
  const moved = Number(c.req.query('moved') ?? 0);
  const failed = Number(c.req.query('failed') ?? 0);
  const head =
    done === 'created' || done === 'saved'
      ? cohorts.saved
      : done === 'withdrawn'
        ? cohorts.withdrawn
        : done === 'removed'
          ? cohorts.removed
          : undefined;
  if (!head) return undefined;
  const parts = [head];
  if (Number.isInteger(moved) && moved > 0) parts.push(cohorts.movedUp(moved));
  if (Number.isInteger(failed) && failed > 0) parts.push(cohorts.mailFailed(failed));
  return parts.join(' ');
}

cohortRoutes.get('/cohorts/:id', requireUser, cohortParams, async (c) => {
  const page = await signedIn(c, cohortRead(c.req.valid('param').id), ADMIN);
  if (page instanceof Response) return page;
  if (!page.value) return renderError(c, 'notFound', 404);
  return render(c, <CohortPage ui={c.var.ui} page={page.value} notice={noticeOf(c)} />);
});

cohortRoutes.get('/cohorts/:id/edit', requireUser, cohortParams, async (c) => {
  const page = await signedIn(c, cohortRead(c.req.valid('param').id), ADMIN);
  if (page instanceof Response) return page;
  if (!page.value) return renderError(c, 'notFound', 404);
  return render(c, <CohortEditPage ui={c.var.ui} page={page.value} />);
});

/**
 * Saves the settings. More seats (or none, or opening up) go to the first in line in the same
 * batch; those who moved up are emailed after it. Whether the cohort is the default one (its name
 * may stay empty) is only known from the batch: a default cohort's form without a name is valid,
 * so the form is read as "default" first and re-checked for the others.
 */
cohortRoutes.post('/cohorts/:id/edit', requireUser, cohortParams, async (c) => {
  const { id } = c.req.valid('param');
  const form = await readForm(c.req);
  const named = stringField(form, 'name', 100).trim() !== '';
  const { values, parsed } = readCohortForm(c, form, true);
  // A nameless save only reaches a default cohort (`is_default` in the WHERE, by way of the name).
  const writes = parsed.success ? updateCohortWrites(id, parsed.data, actor(c), named) : null;
  const page = await signedIn(c, cohortRead(id), { ...ADMIN, writes: writes?.statements ?? [] });
  if (page instanceof Response) return page;
  if (!page.value) return renderError(c, 'notFound', 404);
  const { cohort, admins } = page.value;
  const errors = parsed.success ? {} : fieldErrors(parsed.error);
  if (!named && !cohort.isDefault) errors.name = c.var.t.cohorts.nameRequired;
  if (parsed.success && !errors.name && !page.written[0]?.length)
    errors.facilitator = facilitatorError(c, parsed.data, admins) ?? c.var.t.cohorts.invalidFacilitator;
  if (Object.values(errors).some(Boolean))
    return render(c, <CohortEditPage ui={c.var.ui} page={page.value} values={values} errors={errors} />, 422);
  const promoted = writes ? promotedIn(page.written, writes.promotedAt) : [];
  return c.redirect(await afterFill(c, cohortUrl(id), 'saved', promoted), 303);
});

/** Withdraws a member; the first in line takes the seat in the same batch and is emailed. */
cohortRoutes.post('/cohorts/:id/members/:userId/withdraw', requireUser, personParams, async (c) => {
  const { id, userId } = c.req.valid('param');
  const writes = withdrawWrites(id, userId, actor(c));
  const page = await signedIn(c, cohortRead(id), { ...ADMIN, writes: writes.statements });
  if (page instanceof Response) return page;
  if (!page.value || !page.written[0]?.length) return renderError(c, 'notFound', 404);
  return c.redirect(await afterFill(c, cohortUrl(id), 'withdrawn', promotedIn(page.written, writes.promotedAt)), 303);
});

cohortRoutes.post('/cohorts/:id/waitlist/:userId/remove', requireUser, personParams, async (c) => {
  const { id, userId } = c.req.valid('param');
  const page = await signedIn(c, cohortRead(id), { ...ADMIN, writes: removeFromWaitlistWrites(id, userId, actor(c)) });
  if (page instanceof Response) return page;
  if (!page.value || !page.written[0]?.length) return renderError(c, 'notFound', 404);
  return c.redirect(`${cohortUrl(id)}?done=removed`, 303);
});

/** At most this many accounts per enrolment request (each costs three statements). */
const MAX_TARGETS = 30;
const email = z.string().trim().email().max(254);

/**
 * Enrols accounts, picked from the list or typed as emails, each into a free seat or onto the
 * waitlist. The page answers with a line per account: what happened to each exists only in this
 * response, so it is shown here (200) rather than after a redirect; sending the form again
 * changes nothing (those enrolled stay enrolled).
 */
cohortRoutes.post('/cohorts/:id/enrol', requireUser, cohortParams, async (c) => {
  const { id } = c.req.valid('param');
  const { t } = c.var;
  const form = await readForm(c.req);
  const typed = stringField(form, 'emails', 10_000);
  const lines = [
    ...new Set(
      typed
        .split(/[\s,;]+/)
        .map((l) => l.trim().toLowerCase())
        .filter(Boolean),
    ),
  ];
  const invalid = lines.filter((l) => !email.safeParse(l).success);
  const picked = [form.user ?? []]
    .flat()
    .map((v) => idParam.safeParse(v))
    .flatMap((r) => (r.success ? [r.data] : []));
  const targets: Target[] = [
    ...picked.map((userId) => ({ userId })),
    ...lines.filter((l) => !invalid.includes(l)).map((e) => ({ email: e })),
  ];
  const error =
    invalid.length > 0
      ? t.cohorts.enrolInvalid(invalid.slice(0, 10).join(', '))
      : targets.length === 0
        ? t.cohorts.enrolNothing
        : targets.length > MAX_TARGETS
          ? t.cohorts.enrolTooMany(MAX_TARGETS)
          : undefined;
  const writes = error ? [] : enrolTargetsWrites(id, targets, actor(c));
  const page = await signedIn(c, cohortRead(id), { ...ADMIN, writes });
  if (page instanceof Response) return page;
  if (!page.value) return renderError(c, 'notFound', 404);
  if (error) return render(c, <CohortPage ui={c.var.ui} page={page.value} enrolError={error} typed={typed} />, 422);
  const known = (page.written[0] ?? []) as { id: number; email: string }[];
  const results: EnrolResult[] = targets.map((target, i) => {
    const account = known.find((k) => ('userId' in target ? k.id === target.userId : k.email === target.email));
    const label = account?.email ?? ('email' in target ? target.email : `#${target.userId}`);
    if (!account) return { email: label, outcome: 'unknown' };
    if (page.written[1 + 3 * i]?.length) return { email: label, outcome: 'enrolled' };
    if (page.written[2 + 3 * i]?.length) return { email: label, outcome: 'waitlisted' };
    return { email: label, outcome: 'unchanged' };
  });
  return render(c, <CohortPage ui={c.var.ui} page={page.value} results={results} />);
});

/** After a write that may have moved people up: email them, then go back with what happened. */
async function afterFill(c: Context<AppEnv>, back: string, done: string, promoted: Promoted[]) {
  const failed = await mailMovedUp(c, promoted);
  const counts = promoted.length ? `&moved=${promoted.length}${failed ? `&failed=${failed}` : ''}` : '';
  return `${back}?done=${done}${counts}`;
}
