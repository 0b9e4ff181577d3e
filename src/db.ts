import type { SQL } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/d1';
import { SQLiteAsyncDialect } from 'drizzle-orm/sqlite-core';
import * as schema from './data/schema';

export function createDb(d1: D1Database) {
  return drizzle(d1, { schema });
}

export type Db = ReturnType<typeof createDb>;

const dialect = new SQLiteAsyncDialect();

/**
 * Runs `sql` queries as one D1 batch: one round trip, one transaction. Returns each query's rows.
 *
 * Why not `db.batch([db.all(sql`…`)])`: drizzle-orm 0.45's D1 session binds parameters of raw
 * queries in a batch through a prepared statement that `SQLiteRaw` does not have, and throws
 * "Cannot read properties of undefined (reading 'bind')". Query-builder statements are fine there;
 * our multi-statement pages use raw SQL (coalesce fallbacks, conditional inserts), so they go
 * straight to the D1 client with drizzle's own SQL-to-query compiler.
 */
export async function batchRows<T extends unknown[][]>(db: Db, queries: SQL[]): Promise<T> {
  const statements = queries.map((query) => {
    const { sql, params } = dialect.sqlToQuery(query);
    return db.$client.prepare(sql).bind(...params);
  });
  if (statements.length === 0) return [] as unknown as T;
  const results = await db.$client.batch(statements);
  return results.map((result) => result.results ?? []) as T;
}

/** One raw query, one round trip. */
export async function allRows<T>(db: Db, query: SQL): Promise<T[]> {
  const [rows] = await batchRows<[T[]]>(db, [query]);
  return rows;
}
