/**
 * The public page cache: anonymous visitors' catalogue, course pages and lessons are the same for
 * everyone who reads them in one language, so they are kept in the Workers Cache API and a hit
 * costs no D1 round trip.
 *
 * - Only requests without a session cookie take part, in either direction: a signed-in page is
 *   never stored, and a signed-in reader is never served a stored page. Responses that set a
 *   cookie are not stored either. Nothing personal reaches the shared cache.
 * - The key is the URL (with its query), the page language and the content version. Every
 *   content import (and publish) raises the version in D1 (src/data/content-version.ts); the
 *   anonymous page's own batch reads it, so a page rendered after a change is stored under the
 *   new version and never mixed with the old.
 * - Knowing the version before the lookup must not cost a round trip, so the latest version seen
 *   is itself kept in the cache for VERSION_TTL seconds. A change made inside the Worker forgets it
 *   at once (`forgetContentVersion`); one made from the command line is seen within VERSION_TTL.
 *   In production the Cache API is per data centre: each one learns a new version the same way.
 * - Browsers get `private, no-cache` as for every page: the language cookie can change the page.
 */
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../env';

const VERSION_KEY = 'https://page-cache.invalid/content-version';
const VERSION_TTL = 60;
const PAGE_TTL = 24 * 3600;

export const cachePublicPage: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (c.req.method !== 'GET' || c.var.session) return next();
  const cache = caches.default;
  const known = await cache.match(VERSION_KEY);
  const version = known ? await known.text() : null;
  if (version) {
    const hit = await cache.match(pageKey(c.req.url, c.var.lang, version));
    if (hit) {
      const response = new Response(hit.body, hit);
      response.headers.set('Cache-Control', 'private, no-cache');
      return response;
    }
  }
  await next();
  const rendered = c.var.contentVersion;
  if (c.res.status !== 200 || rendered === undefined || c.res.headers.has('Set-Cookie')) return;
  const stored = new Response(c.res.clone().body, c.res);
  stored.headers.set('Cache-Control', `public, max-age=${PAGE_TTL}`);
  stored.headers.delete('Server-Timing');
  const latest = new Response(String(rendered), { headers: { 'Cache-Control': `public, max-age=${VERSION_TTL}` } });
  // Awaited rather than left to waitUntil: a local put takes about a millisecond, and the next
  // request (a test's, or a reader's reload) then finds it.
  await Promise.all([cache.put(pageKey(c.req.url, c.var.lang, String(rendered)), stored), cache.put(VERSION_KEY, latest)]);
};

/** After a change to published content inside the Worker: the next anonymous page reads D1. */
export async function forgetContentVersion() {
  await caches.default.delete(VERSION_KEY);
}

function pageKey(url: string, lang: string, version: string) {
  const key = new URL(url);
  key.searchParams.set('__lang', lang);
  key.searchParams.set('__content', version);
  return key.toString();
}
