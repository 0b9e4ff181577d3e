/**
 * The local outbox: messages kept as JSON objects under `outbox/` in the R2 bucket MEDIA (under
 * `wrangler dev`, .wrangler/state/v3/r2; in tests, the test's own storage). /media serves only
 * `courses/…` keys (src/media/store.ts), so these are reachable only through /dev/outbox. A
 * bucket of its own would need a binding that regions lack, and wrangler warns about that on
 * every deploy. Keys sort newest first, so a listing is one R2 call; the metadata carries what
 * the list shows.
 */
export type OutboxMessage = { id: string; from: string; to: string; subject: string; text: string; html: string; sentAt: number };
export type OutboxEntry = Pick<OutboxMessage, 'id' | 'to' | 'subject' | 'sentAt'>;

const PREFIX = 'outbox/';
/** Larger than any timestamp in unix ms for the next centuries: `MAX - now` sorts newest first. */
const MAX_TIME = 99_999_999_999_999;

export const OUTBOX_ID = /^[0-9]{14}-[0-9a-f]{8}$/;

export async function keepInOutbox(bucket: R2Bucket, mail: Omit<OutboxMessage, 'id' | 'sentAt'>, now = Date.now()) {
  const id = `${String(MAX_TIME - now).padStart(14, '0')}-${crypto.randomUUID().slice(0, 8)}`;
  const message: OutboxMessage = { ...mail, id, sentAt: now };
  await bucket.put(PREFIX + id, JSON.stringify(message), {
    httpMetadata: { contentType: 'application/json' },
    customMetadata: { to: mail.to, subject: mail.subject, sentAt: String(now) },
  });
  return message;
}

export async function listOutbox(bucket: R2Bucket, limit = 200): Promise<OutboxEntry[]> {
  const listed = await bucket.list({ prefix: PREFIX, limit, include: ['customMetadata'] });
  return listed.objects.map((object) => ({
    id: object.key.slice(PREFIX.length),
    to: object.customMetadata?.to ?? '',
    subject: object.customMetadata?.subject ?? '',
    sentAt: Number(object.customMetadata?.sentAt ?? 0),
  }));
}

export async function outboxMessage(bucket: R2Bucket, id: string): Promise<OutboxMessage | null> {
  if (!OUTBOX_ID.test(id)) return null;
  const object = await bucket.get(PREFIX + id);
  return object ? ((await object.json()) as OutboxMessage) : null;
}
