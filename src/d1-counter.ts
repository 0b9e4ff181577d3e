/**
 * Counts D1 round trips per request. Each `first/all/run/raw` on a statement and each `batch`
 * is one network hop to the database in production, so the count is what a page costs.
 * The middleware reports it as `Server-Timing: d1;desc="N round trips"` — read by the tests that
 * pin the budget and by the benchmark.
 */
export type D1Counter = { db: D1Database; roundTrips: () => number };

export function countRoundTrips(d1: D1Database): D1Counter {
  let trips = 0;
  const wrapStatement = (statement: D1PreparedStatement): D1PreparedStatement =>
    new Proxy(statement, {
      get(target, prop, receiver) {
        const value = Reflect.get(target, prop, receiver);
        if (typeof value !== 'function') return value;
        if (prop === 'bind') return (...args: unknown[]) => wrapStatement(value.apply(target, args));
        if (prop === 'first' || prop === 'all' || prop === 'run' || prop === 'raw') {
          return (...args: unknown[]) => {
            trips++;
            return value.apply(target, args);
          };
        }
        return value.bind(target);
      },
    });
  const db = new Proxy(d1, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function') return value;
      if (prop === 'prepare') return (query: string) => wrapStatement(value.call(target, query));
      if (prop === 'batch' || prop === 'exec') {
        return (...args: unknown[]) => {
          trips++;
          return value.apply(target, args);
        };
      }
      return value.bind(target);
    },
  });
  return { db, roundTrips: () => trips };
}
