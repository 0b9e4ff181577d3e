/**
 * /dev/outbox: the local outbox (src/mail/outbox.ts), for people trying Warsztat on a laptop and
 * for the browser journeys. It exists only where MAIL_TRANSPORT is "outbox" (the local
 * configuration) and only for requests to this machine (localhost); everywhere else every path
 * here answers 404. The messages hold working sign-in links, so this must never be reachable in a
 * region: a region's configuration with "outbox" fails `npm run region:check`, and a Worker on
 * Cloudflare is never reached under the host name localhost.
 */
import { type Context, Hono } from 'hono';
import { z } from 'zod';
import { OutboxMessagePage, OutboxPage } from '../../views/dev';
import type { AppEnv } from '../env';
import { params } from '../http/guards';
import { render, renderError } from '../http/render';
import { listOutbox, OUTBOX_ID, outboxMessage } from '../mail/outbox';

export const devRoutes = new Hono<AppEnv>();

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/** The bucket that holds the outbox where mail goes there, else null: every path answers 404. */
function outboxOf(c: Context<AppEnv>): R2Bucket | null {
  const local = LOOPBACK.has(new URL(c.req.url).hostname);
  return c.env.MAIL_TRANSPORT === 'outbox' && local ? c.env.MEDIA : null;
}

devRoutes.get('/outbox', async (c) => {
  const outbox = outboxOf(c);
  if (!outbox) return renderError(c, 'notFound', 404);
  const messages = await listOutbox(outbox);
  return render(c, <OutboxPage ui={c.var.ui} messages={messages} />);
});

devRoutes.get('/outbox/:id', params(z.object({ id: z.string().regex(OUTBOX_ID) })), async (c) => {
  const outbox = outboxOf(c);
  const message = outbox && (await outboxMessage(outbox, c.req.valid('param').id));
  if (!message) return renderError(c, 'notFound', 404);
  return render(c, <OutboxMessagePage ui={c.var.ui} message={message} />);
});
