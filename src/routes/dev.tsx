/**
 * /dev/outbox: the local outbox (src/mail/outbox.ts), for people trying Warsztat on a laptop and
 * for the browser journeys. It exists only where MAIL_TRANSPORT is "outbox" and the OUTBOX bucket
 * is bound (the local configuration); everywhere else every path here answers 404. The messages
 * hold working sign-in links, so this must never be reachable in a region.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { OutboxMessagePage, OutboxPage } from '../../views/dev';
import type { AppEnv } from '../env';
import { params } from '../http/guards';
import { render, renderError } from '../http/render';
import { listOutbox, OUTBOX_ID, outboxMessage } from '../mail/outbox';

export const devRoutes = new Hono<AppEnv>();

/** The outbox bucket where mail goes there, else null: every path answers 404 then. */
const outboxOf = (env: AppEnv['Bindings']) => (env.MAIL_TRANSPORT === 'outbox' && env.OUTBOX) || null;

devRoutes.get('/outbox', async (c) => {
  const outbox = outboxOf(c.env);
  if (!outbox) return renderError(c, 'notFound', 404);
  const messages = await listOutbox(outbox);
  return render(c, <OutboxPage ui={c.var.ui} messages={messages} />);
});

devRoutes.get('/outbox/:id', params(z.object({ id: z.string().regex(OUTBOX_ID) })), async (c) => {
  const outbox = outboxOf(c.env);
  const message = outbox && (await outboxMessage(outbox, c.req.valid('param').id));
  if (!message) return renderError(c, 'notFound', 404);
  return render(c, <OutboxMessagePage ui={c.var.ui} message={message} />);
});
