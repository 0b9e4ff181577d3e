import { sql } from 'drizzle-orm';
import { query, type Read, read } from '../db';
import { contentVersion } from './schema';

/** For every statement batch that changes what trainers read: imports, and later publishing. */
export function raiseContentVersion() {
  return sql`UPDATE ${contentVersion} SET version = version + 1 WHERE id = 1`;
}

export const contentVersionRead: Read<number> = read(
  [query<{ version: number }>(sql`SELECT version FROM ${contentVersion} WHERE id = 1`)],
  ([[row]]) => row?.version ?? 0,
);
