/**
 * Sending email. One entry point, two transports, chosen by the MAIL_TRANSPORT setting:
 *
 * - "binding": Cloudflare's email sending (`[[send_email]] name = "EMAIL"`), in deployed regions.
 * - "outbox": every message is kept in R2 (src/mail/outbox.ts) and listed at /dev/outbox
 *   (src/routes/dev.tsx), under `npm start` and in tests. Nothing leaves the machine.
 *   `npm run region:check` refuses this setting for a region.
 *
 * Sending never throws: the caller gets `{ ok: false, reason }` and decides what the person sees
 * (an invitation keeps its row and the admin gets the link to copy). What the message is about is
 * always written to D1 before it is sent, so a failed send loses nothing.
 */
import type { Bindings } from '../env';
import { keepInOutbox } from './outbox';

export type Mail = { to: string; subject: string; text: string; html: string };

export type MailResult = { ok: true } | { ok: false; reason: string };

type MailEnv = Pick<Bindings, 'MAIL_TRANSPORT' | 'MAIL_FROM' | 'EMAIL' | 'MEDIA'>;

export async function sendMail(env: MailEnv, mail: Mail): Promise<MailResult> {
  try {
    if (env.MAIL_TRANSPORT === 'outbox') {
      await keepInOutbox(env.MEDIA, { ...mail, from: env.MAIL_FROM });
      return { ok: true };
    }
    if (env.MAIL_TRANSPORT === 'binding' && env.EMAIL) {
      await env.EMAIL.send({ from: env.MAIL_FROM, to: mail.to, subject: mail.subject, text: mail.text, html: mail.html });
      return { ok: true };
    }
    return { ok: false, reason: 'no mail transport is configured (MAIL_TRANSPORT, EMAIL)' };
  } catch (error) {
    // The binding throws with a code (E_SENDER_NOT_VERIFIED, E_RECIPIENT_NOT_ALLOWED, …).
    const code = (error as { code?: unknown }).code;
    const reason = typeof code === 'string' ? code : error instanceof Error ? error.message : String(error);
    console.error('mail not sent', { to: mail.to, reason });
    return { ok: false, reason };
  }
}

/** Several messages (an invitation list): sent one after another, a result per message. */
export async function sendMails(env: MailEnv, mails: Mail[]): Promise<MailResult[]> {
  const results: MailResult[] = [];
  for (const mail of mails) results.push(await sendMail(env, mail));
  return results;
}
