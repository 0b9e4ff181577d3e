import type { Context } from 'hono';
import type { JSX } from 'hono/jsx/jsx-runtime';
import { type ErrorKind, ErrorPage } from '../../views/errors';
import type { AppEnv } from '../env';

export function isHtmx(c: Context): boolean {
  return c.req.header('HX-Request') === 'true';
}

export function render(c: Context<AppEnv>, page: JSX.Element, status: 200 | 400 | 403 | 404 | 409 | 413 | 422 | 429 = 200) {
  return c.html(page, status);
}

/**
 * The error page, or for an htmx request a message that fits where the widget was: htmx 4 swaps
 * 4xx/5xx responses into the target, so a whole page would land inside a button.
 */
export function renderError(c: Context<AppEnv>, kind: ErrorKind, status: 400 | 403 | 404 | 413 | 422 | 500) {
  if (isHtmx(c)) {
    return c.html(
      <p class="form-error" role="alert">
        {c.var.t.errors[kind]}
      </p>,
      status,
    );
  }
  return c.html(<ErrorPage ui={c.var.ui} kind={kind} />, status);
}
