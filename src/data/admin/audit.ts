/** The audit log, newest first: who created, changed, published, rolled back, imported or exported what. */
import { sql } from 'drizzle-orm';
import { query, type Read, read } from '../../db';

export type AuditEntry = { createdAt: number; who: string | null; action: string; course: string | null; detail: string };

export function auditRead(limit = 200): Read<AuditEntry[]> {
  return read(
    [
      query<AuditEntry>(sql`
        SELECT a.created_at AS createdAt, u.name AS who, a.action, c.slug AS course, a.detail
        FROM audit_log a LEFT JOIN users u ON u.id = a.user_id LEFT JOIN courses c ON c.id = a.course_id
        ORDER BY a.created_at DESC, a.id DESC LIMIT ${limit}`),
    ],
    ([rows]) => rows,
  );
}
