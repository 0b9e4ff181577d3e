/**
 * Who may use a route. `requireUser` turns visitors without a session cookie away before any D1
 * work; whether the session is valid is only known from the page's own batch, so handlers then
 * call `signedIn`, which decides on what that batch returned. `params` validates path parameters:
 * a malformed one is a page that does not exist (404), never a 500.
 */
import type { SQL } from 'drizzle-orm';
import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import { validator } from 'hono/validator';
import type { z } from 'zod';
import type { SessionUser } from '../auth/session';
import type { Role } from '../data/schema';
import type { Read } from '../db';
import type { AppEnv } from '../env';
import { load } from './context';
import { isHtmx, renderError } from './render';

export const requireUser = createMiddleware<AppEnv>(async (c, next) => {
  if (!c.var.session) return signInRedirect(c);
  await next();
});

type SignedIn<T> = { user: SessionUser; value: T; written: unknown[][] };

/**
 * `load` for a signed-in page or write, and the narrowing of the user's type: sign-in when the session is invalid or expired (its
 * writes found no user and wrote nothing), 403 when the user lacks `role`. A write that only an
 * admin may make must also check the role in its own SQL; this check comes after the batch.
 */
export async function signedIn<T>(
  c: Context<AppEnv>,
  page: Read<T>,
  options: { writes?: readonly SQL[]; role?: Role } = {},
): Promise<Response | SignedIn<T>> {
  const { user, value, written } = await load(c, page, options.writes);
  if (!user) return signInRedirect(c);
  if (options.role && user.role !== options.role) return renderError(c, 'forbidden', 403);
  return { user, value, written };
}

/**
 * Visitors go to sign-in and come back here afterwards. An htmx request (say, a mark-complete
 * click after the session expired) gets HX-Redirect instead: fetch would follow a 303 and swap the
 * whole sign-in page into the button. htmx reads the header only on a 2xx.
 */
export function signInRedirect(c: Context<AppEnv>) {
  const url = new URL(c.req.url);
  const back = c.req.method === 'GET' ? url.pathname + url.search : url.pathname.replace(/\/[^/]+$/, '');
  const signIn = `/sign-in?next=${encodeURIComponent(back)}`;
  if (isHtmx(c)) return c.body(null, 200, { 'HX-Redirect': signIn });
  return c.redirect(signIn, 303);
}

/** Validated path parameters (`c.req.valid('param')`); anything else is a 404. */
export function params<S extends z.ZodType<Record<string, unknown>>>(schema: S) {
  return validator('param', (value, c: Context<AppEnv>) => {
    const parsed = schema.safeParse(value);
    if (!parsed.success) return renderError(c, 'notFound', 404);
    return parsed.data as z.output<S>;
  });
}
