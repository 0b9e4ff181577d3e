import { sql } from 'drizzle-orm';
import { allRows, type Db } from '../db';
import type { Language } from './schema';
import { translatedTexts } from './texts';

/** 12 characters from an alphabet without look-alikes (no 0/O, 1/I/L): ~60 bits, typed from paper. */
const ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

export function newCertificateCode(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  const chars = [...bytes].map((b) => ALPHABET[b % ALPHABET.length]).join('');
  return `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8)}`;
}

export type Certificate = {
  code: string;
  name: string;
  userId: number;
  slug: string;
  courseTitle: string;
  issuedAt: number;
};

/** By its code (public check) or by its holder and course (the holder's printable page). */
export async function findCertificate(
  db: Db,
  by: { code: string } | { userId: number; slug: string },
  lang: Language,
): Promise<Certificate | null> {
  const where = 'code' in by ? sql`cert.code = ${by.code}` : sql`cert.user_id = ${by.userId} AND c.slug = ${by.slug}`;
  const rows = await allRows<Certificate>(db, sql`
    SELECT cert.code, u.name, u.id AS userId, c.slug, coalesce(t.title, m.title) AS courseTitle, cert.issued_at AS issuedAt
    FROM certificates cert
    JOIN users u ON u.id = cert.user_id
    JOIN courses c ON c.id = cert.course_id
    ${translatedTexts('course_texts', sql`c.id`, lang)}
    WHERE ${where}`);
  return rows[0] ?? null;
}
