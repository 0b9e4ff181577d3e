import { Hono } from 'hono';
import type { AppEnv } from '../env';
import { renderError } from '../http/render';
import { mediaKeyOf } from '../media/store';

/**
 * Lesson images from R2, served from our own origin (the CSP allows images only from 'self').
 * No D1: an image is public to whoever has its unguessable key, as the lesson that shows it is.
 * A key is never reused, so browsers and caches may keep an image for a year without asking again.
 */
export const mediaRoutes = new Hono<AppEnv>();

mediaRoutes.get('/*', async (c) => {
  const key = mediaKeyOf(new URL(c.req.url).pathname);
  if (!key) return renderError(c, 'notFound', 404);
  // `onlyIf`: R2 answers If-None-Match / If-Modified-Since itself, and sends no body then.
  const object = await c.env.MEDIA.get(key, { onlyIf: c.req.raw.headers });
  if (!object) return renderError(c, 'notFound', 404);
  const headers = new Headers();
  object.writeHttpMetadata(headers); // Content-Type as stored at upload, from the sniffed type
  headers.set('ETag', object.httpEtag);
  headers.set('Cache-Control', 'public, max-age=31536000, immutable');
  headers.set('X-Content-Type-Options', 'nosniff');
  if (!('body' in object)) return new Response(null, { status: 304, headers });
  headers.set('Content-Length', String(object.size));
  return new Response(object.body, { headers });
});
