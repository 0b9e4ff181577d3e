import { type SQL, sql } from 'drizzle-orm';
import { query, type Read, read } from '../db';
import type { Language } from './schema';
import { translatedTexts } from './texts';

/** 12 characters from an alphabet without look-alikes (no 0/O, 1/I/L): ~60 bits, typed from paper. */
export const ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

/**
 * Rejection sampling: 256 is not a multiple of 31, so `byte % 31` would make the first 8
 * characters 9/8 as likely as the rest and codes easier to guess. Bytes from 248 (8 × 31) up are
 * dropped instead; each kept byte then picks every character with the same chance.
 */
const UNBIASED_BELOW = 256 - (256 % ALPHABET.length);

export function newCertificateCode(
  randomBytes: (length: number) => Uint8Array = (length) => crypto.getRandomValues(new Uint8Array(length)),
): string {
  let chars = '';
  while (chars.length < 12) {
    for (const byte of randomBytes(12 - chars.length)) {
      if (byte < UNBIASED_BELOW) chars += ALPHABET[byte % ALPHABET.length];
    }
  }
  return `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8)}`;
}

export type Certificate = {
  code: string;
  name: string;
  userId: number;
  slug: string;
  courseTitle: string;
  issuedAt: number;
  /** The holder deleted their account: the certificate stays valid, with no name to show. */
  holderDeleted: boolean;
};

/** By its code (public check) or the signed-in holder's for a course (their printable page). */
export function certificateRead(by: { code: string } | { me: SQL; slug: string }, lang: Language): Read<Certificate | null> {
  const where = 'code' in by ? sql`cert.code = ${by.code}` : sql`cert.user_id = ${by.me} AND c.slug = ${by.slug}`;
  return read(
    [
      query<Omit<Certificate, 'holderDeleted'> & { holderDeleted: number }>(sql`
        SELECT cert.code, u.name, u.id AS userId, c.slug, coalesce(t.title, m.title) AS courseTitle, cert.issued_at AS issuedAt,
          u.deleted_at IS NOT NULL AS holderDeleted
        FROM certificates cert
        JOIN users u ON u.id = cert.user_id
        JOIN courses c ON c.id = cert.course_id
        ${translatedTexts('course_texts', sql`c.id`, lang)}
        WHERE ${where}`),
    ],
    ([[row]]) => (row ? { ...row, holderDeleted: row.holderDeleted === 1 } : null),
  );
}
