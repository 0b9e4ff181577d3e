/**
 * The setup secret: a region's first admin is created at /setup by whoever knows SETUP_TOKEN
 * (`wrangler secret put SETUP_TOKEN --env <region>`; `.dev.vars.<region>` locally). The page is
 * gone once an admin exists, and without the secret it never exists.
 *
 * The comparison is constant-time over SHA-256 digests: equal lengths whatever was typed, and no
 * early exit that would let someone guess the secret byte by byte from response times. Attempts
 * are rate-limited per client address by the caller, as sign-in is.
 */
/** A configured secret shorter than this is refused: it would be guessable. */
export const MIN_SETUP_TOKEN_LENGTH = 16;

export async function isSetupToken(presented: string, configured: string | undefined): Promise<boolean> {
  if (!configured || configured.length < MIN_SETUP_TOKEN_LENGTH) return false;
  const [a, b] = await Promise.all([digest(presented), digest(configured)]);
  return crypto.subtle.timingSafeEqual(a, b);
}

async function digest(text: string): Promise<ArrayBuffer> {
  return crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
}
