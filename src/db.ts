import type { SQL } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/d1';
import { SQLiteAsyncDialect } from 'drizzle-orm/sqlite-core';
import * as schema from './data/schema';

export function createDb(d1: D1Database) {
  return drizzle(d1, { schema });
}

export type Db = ReturnType<typeof createDb>;

/** A query whose rows have the shape `Row` (a type only: the SQL is unchanged). */
export type Query<Row> = SQL & { readonly __row?: Row };

export function query<Row>(statement: SQL): Query<Row> {
  return statement as Query<Row>;
}

type RowsOf<Q extends readonly Query<unknown>[]> = { [K in keyof Q]: Q[K] extends Query<infer Row> ? Row[] : never };

/**
 * A read is its statements together with the function that parses their rows. Pages compose
 * reads (`readAll`), and writes put a read after their own statements (`runBatch`), so a page's
 * queries and its parser are written side by side and cannot drift apart by position.
 */
export type Read<T> = { readonly statements: readonly SQL[]; readonly parse: (rows: unknown[][]) => T };

export function read<const Q extends readonly Query<unknown>[], T>(queries: Q, parse: (rows: RowsOf<Q>) => T): Read<T> {
  return { statements: queries, parse: (rows) => parse(rows as RowsOf<Q>) };
}

type ValueOf<R> = R extends Read<infer T> ? T : never;

/** Several reads as one: their statements in order, each parser given its own rows. */
export function readAll<R extends Record<string, Read<unknown>>>(reads: R): Read<{ [K in keyof R]: ValueOf<R[K]> }> {
  const entries = Object.entries(reads);
  return {
    statements: entries.flatMap(([, r]) => r.statements),
    parse(rows) {
      let offset = 0;
      const out: Record<string, unknown> = {};
      for (const [name, r] of entries) {
        out[name] = r.parse(rows.slice(offset, offset + r.statements.length));
        offset += r.statements.length;
      }
      return out as { [K in keyof R]: ValueOf<R[K]> };
    },
  };
}

export function mapRead<A, B>(source: Read<A>, map: (value: A) => B): Read<B> {
  return { statements: source.statements, parse: (rows) => map(source.parse(rows)) };
}

/** A read of nothing: for pages that only need the session. */
export const nothing: Read<null> = { statements: [], parse: () => null };

/** `writes`, then `after`: what the writes' RETURNING clauses gave (one array each) and the read. */
export function afterWrites<T>(writes: readonly SQL[], after: Read<T>): Read<{ written: unknown[][]; value: T }> {
  return {
    statements: [...writes, ...after.statements],
    parse: (rows) => ({ written: rows.slice(0, writes.length), value: after.parse(rows.slice(writes.length)) }),
  };
}

/** One read, one D1 batch: one round trip, one transaction (a failing statement undoes it all). */
export async function runRead<T>(db: Db, source: Read<T>): Promise<T> {
  return source.parse(await batchRows(db, source.statements));
}

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
export async function batchRows<T extends unknown[][]>(db: Db, queries: readonly SQL[]): Promise<T> {
  const statements = queries.map((q) => {
    const { sql, params } = dialect.sqlToQuery(q);
    return db.$client.prepare(sql).bind(...params);
  });
  if (statements.length === 0) return [] as unknown as T;
  const results = await db.$client.batch(statements);
  return results.map((result) => result.results ?? []) as T;
}
