import type { HonoRequest } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { parseBody } from 'hono/utils/body';
import { z } from 'zod';
import { LANGUAGES } from '../data/schema';

/** Course slugs and lesson keys: what content bundles allow (see src/content/bundle.ts). */
export const keyParam = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/)
  .max(100);

/** A path on this site to return to: no scheme, no host, no `//` (which browsers read as a host). */
export const MAX_PATH_LENGTH = 500;
export const localPath = z
  .string()
  .max(MAX_PATH_LENGTH)
  .regex(/^\/(?![/\\])[^\s\\]*$/);

export const languageField = z.enum(LANGUAGES);

/** Field name → first message, for re-rendering a form with a message per field. */
export function fieldErrors<K extends string>(error: z.ZodError): Partial<Record<K, string>> {
  const out: Partial<Record<K, string>> = {};
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? 'form') as K;
    out[field] ??= issue.message;
  }
  return out;
}

/**
 * The largest form body we read. Our longest field is a 10,000-character reflection, which a
 * browser may percent-encode into up to 90 KB (a three-byte character becomes %XX%XX%XX); a
 * larger body is not a person typing, and reading it would only cost memory and CPU.
 */
export const MAX_FORM_BYTES = 128 * 1024;

/**
 * Reads a form body; a body that is not a form reads as empty (and then fails validation). A body
 * above `max` (MAX_FORM_BYTES unless a form with a file says otherwise) is refused with 413 (see
 * src/index.tsx) before it is parsed: at once when its Content-Length says so, otherwise as soon
 * as that many bytes have arrived.
 */
export async function readForm(req: HonoRequest, max = MAX_FORM_BYTES): Promise<Record<string, unknown>> {
  if (Number(req.header('Content-Length') ?? 0) > max) throw new HTTPException(413);
  const body = await readAtMost(req.raw.body, max);
  const form = new Request(req.url, { method: 'POST', headers: { 'Content-Type': req.header('Content-Type') ?? '' }, body });
  try {
    return await parseBody(form, { all: true });
  } catch {
    return {};
  }
}

async function readAtMost(stream: ReadableStream<Uint8Array> | null, max: number): Promise<Blob> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of stream ?? []) {
    size += chunk.byteLength;
    if (size > max) throw new HTTPException(413); // leaving the loop cancels the rest of the stream
    chunks.push(chunk);
  }
  return new Blob(chunks);
}

/** A typed value to show again on a 422 page, cut to its field's maximum: never a 1 MB echo. */
export function echoed(value: unknown, max: number): string {
  return typeof value === 'string' ? value.slice(0, max) : '';
}
