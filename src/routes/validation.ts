import { z } from 'zod';
import { LANGUAGES } from '../data/schema';

/** Course slugs and lesson keys: what content bundles allow (see src/content/bundle.ts). */
export const keyParam = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/).max(100);

/** A path on this site to return to: no scheme, no host, no `//` (which browsers read as a host). */
export const localPath = z
  .string()
  .max(500)
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

/** Reads a form body; a body that is not a form reads as empty (and then fails validation). */
export async function readForm(req: { parseBody: (o: { all: true }) => Promise<Record<string, unknown>> }) {
  try {
    return await req.parseBody({ all: true });
  } catch {
    return {};
  }
}
