/**
 * A trainer's own data: /account/data (what Warsztat holds, as JSON or CSV) and /account/delete.
 * Mounted at /account beside the profile (src/routes/account.tsx), which owns /account itself.
 */
import type { Context } from 'hono';
import { Hono } from 'hono';
import { z } from 'zod';
import { AccountDeletedPage, DeleteAccountPage, type DeleteErrors, MyDataPage } from '../../views/my-data';
import { verifyPassword } from '../auth/password';
import { countAttempts } from '../auth/rate-limit';
import { clearSessionCookie, type SessionUser } from '../auth/session';
import { toCsv } from '../csv';
import { columnsOf, deleteAccountRead, deletionCheckRead, MY_DATA_TABLES, myDataRead, myDataTableRead } from '../data/my-data';
import { mapRead, nothing, readAll, runRead } from '../db';
import type { AppEnv } from '../env';
import { load } from '../http/context';
import { params, requireUser, signedIn, signInRedirect } from '../http/guards';
import { render } from '../http/render';
import { type Dictionary, dictionaries } from '../i18n';
import { composeMail } from '../mail/compose';
import { mailMovedUp } from '../mail/moved-up';
import { sendMail } from '../mail/send';
import { accountDeletedUrl } from '../urls';
import { echoed, fieldErrors, readForm } from './validation';

export const myDataRoutes = new Hono<AppEnv>();

const exportContext = (c: Context<AppEnv>) => ({
  me: c.var.me,
  lang: c.var.lang,
  now: c.var.now,
  defaultCohortName: c.var.t.cohorts.defaultName,
});

/** A personal file: the browser saves it, and no cache anywhere keeps a copy. */
function download(c: Context<AppEnv>, body: string, type: string, name: string) {
  const day = new Date(c.var.now).toISOString().slice(0, 10);
  return c.body(body, 200, {
    'Content-Type': `${type}; charset=utf-8`,
    'Content-Disposition': `attachment; filename="warsztat-${name}-${day}.${type === 'text/csv' ? 'csv' : 'json'}"`,
    'Cache-Control': 'private, no-store',
  });
}

myDataRoutes.get('/data', requireUser, async (c) => {
  const page = await signedIn(c, myDataRead(exportContext(c)));
  if (page instanceof Response) return page;
  return render(c, <MyDataPage ui={c.var.ui} data={page.value} />);
});

/** Everything in one JSON document: one statement per table, one batch with the session. */
myDataRoutes.get('/data/export.json', requireUser, async (c) => {
  const page = await signedIn(c, myDataRead(exportContext(c)));
  if (page instanceof Response) return page;
  const { account, ...tables } = page.value;
  const document = {
    exported_at: new Date(c.var.now).toISOString(),
    site: c.var.settings.siteName,
    account: account[0] ?? null,
    ...tables,
  };
  return download(c, JSON.stringify(document, null, 2), 'application/json', 'data');
});

/** One table as CSV, the same rows as in the JSON. An unknown table is a page that does not exist. */
const csvFile = z
  .string()
  .regex(/^[a-z-]{1,40}\.csv$/)
  .transform((file) => file.slice(0, -'.csv'.length))
  .pipe(z.enum(MY_DATA_TABLES));

myDataRoutes.get('/data/:file', requireUser, params(z.object({ file: csvFile })), async (c) => {
  const table = c.req.valid('param').file;
  const page = await signedIn(c, myDataTableRead(exportContext(c), table));
  if (page instanceof Response) return page;
  const header = columnsOf(table);
  const rows = page.value.map((row) =>
    header.map((column) => {
      const value = row[column] ?? null;
      return typeof value === 'object' && value !== null ? JSON.stringify(value) : value;
    }),
  );
  return download(c, toCsv(header, rows), 'text/csv', table);
});

// ——— Deleting the account ———

const MAX_PASSWORD_LENGTH = 200;
const MAX_CONFIRM_LENGTH = 40;

/**
 * The typed word, in either language (the page may have been switched while typing), in any case
 * and with or without its diacritics (USUŃ or USUN: not every keyboard has Ń at hand).
 */
const plainWord = (word: string) => word.trim().normalize('NFD').replace(/\p{M}/gu, '').toLocaleUpperCase('pl');
const confirmWords = Object.values(dictionaries).map((t) => plainWord(t.myData.confirmWord));

const deleteSchema = (t: Dictionary) =>
  z.object({
    password: z.string(t.myData.passwordRequired).min(1, t.myData.passwordRequired).max(MAX_PASSWORD_LENGTH, t.myData.wrongPassword),
    confirm: z
      .string(t.myData.confirmMismatch(t.myData.confirmWord))
      .max(MAX_CONFIRM_LENGTH, t.myData.confirmMismatch(t.myData.confirmWord))
      .refine((word) => confirmWords.includes(plainWord(word)), t.myData.confirmMismatch(t.myData.confirmWord)),
  });

myDataRoutes.get('/delete', requireUser, async (c) => {
  const page = await signedIn(c, deletionCheckRead(c.var.me));
  if (page instanceof Response) return page;
  return render(c, <DeleteAccountPage ui={c.var.ui} lastAdmin={page.value?.lastAdmin ?? false} />);
});

/**
 * Two round trips, like sign-in, and for the same reason: the password must be checked against
 * the stored hash (read in the first batch, with the attempt counted against the client address
 * as sign-in counts it, so a stolen session cannot guess the password at volume) before the
 * second batch erases the account (src/data/my-data.ts deleteAccountRead says what goes and what
 * stays). Mails go after that batch has committed: the promoted trainers', then the confirmation
 * to the address the account had.
 */
myDataRoutes.post('/delete', requireUser, async (c) => {
  const { t, db, me, now } = c.var;
  const form = await readForm(c.req);
  const confirm = echoed(form.confirm, MAX_CONFIRM_LENGTH);
  const parsed = deleteSchema(t).safeParse(form);
  const attempts = parsed.success ? await countAttempts(c.env, [`ip:${c.req.header('CF-Connecting-IP') ?? 'local'}`], now) : null;
  const page = await signedIn(c, readAll({ allowed: attempts ?? mapRead(nothing, () => true), check: deletionCheckRead(me) }));
  if (page instanceof Response) return page;
  const { allowed, check } = page.value;
  if (!check) return signInRedirect(c);
  const refuse = (errors: DeleteErrors, status: 422 | 429 = 422) =>
    render(c, <DeleteAccountPage ui={c.var.ui} lastAdmin={check.lastAdmin} errors={errors} confirm={confirm} />, status);
  if (check.lastAdmin) return refuse({ form: t.myData.lastAdmin });
  if (!parsed.success) return refuse(fieldErrors(parsed.error));
  if (!allowed) return refuse({ form: t.myData.tooMany }, 429);
  if (!(await verifyPassword(parsed.data.password, check.passwordHash))) return refuse({ password: t.myData.wrongPassword });

  const result = await runRead(db, deleteAccountRead(me, page.user, check.cohorts, now));
  // Nothing written: the session ended meanwhile, or the other admins went first.
  if (!result.deleted) return page.user.role === 'admin' ? refuse({ form: t.myData.lastAdmin }) : signInRedirect(c);

  await mailMovedUp(c, result.promoted);
  await sendMail(c.env, deletedMail(c, page.user));
  clearSessionCookie(c);
  return c.redirect(accountDeletedUrl(), 303);
});

/** After the deletion the browser has no session; one that has another account's shows it signed in. */
myDataRoutes.get('/deleted', async (c) => {
  await load(c, nothing);
  return render(c, <AccountDeletedPage ui={c.var.ui} />);
});

/** To the address the account had, in the language it had chosen. */
function deletedMail(c: Context<AppEnv>, user: SessionUser) {
  const lang = user.preferredLanguage ?? c.var.lang;
  const t = dictionaries[lang];
  return composeMail({
    to: user.email,
    lang,
    subject: t.myData.mail.deletedSubject(c.var.settings.siteName),
    greeting: t.mail.greeting(user.name),
    paragraphs: t.myData.mail.deletedBody(c.var.settings.siteName),
    notes: [t.myData.mail.deletedNote],
    signature: t.mail.signature(c.var.settings.siteName),
  });
}
