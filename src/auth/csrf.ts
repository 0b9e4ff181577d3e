/**
 * Cross-site request forgery: every unsafe method must come from a page of our own origin.
 *
 * Hono's `csrf()` only looks at requests whose Content-Type a plain HTML form can send, so a
 * cross-site `fetch()` with `application/json`, `text/xml` or no body type went through, and with
 * SameSite=Lax cookies a same-site attacker (or an old browser) could then enrol, complete or sign
 * a trainer out. Our handlers read forms, but an unsafe request has no business being cross-site
 * whatever its body, so the check ignores the content type:
 *
 * - `Sec-Fetch-Site` (sent by every current browser, and not settable by page scripts) must be
 *   `same-origin`. `same-site` is refused too: a sibling subdomain is not us.
 * - Only where it is absent (older browsers, non-browser clients) does `Origin` decide, and it
 *   must equal this request's own origin. `Origin: null` (sandboxed frames, redirects across
 *   origins) and a missing Origin are refused: we cannot tell where such a request came from.
 *
 * Together with SameSite=Lax session cookies this is the whole CSRF defence; no form needs a token.
 */
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../env';
import { renderError } from '../http/render';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export const refuseCrossOrigin: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (SAFE_METHODS.has(c.req.method) || isOwnOrigin(c.req.raw)) return next();
  return renderError(c, 'badRequest', 403);
};

function isOwnOrigin(request: Request): boolean {
  const fetchSite = request.headers.get('Sec-Fetch-Site');
  if (fetchSite !== null) return fetchSite === 'same-origin';
  return request.headers.get('Origin') === new URL(request.url).origin;
}
