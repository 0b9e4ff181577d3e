/**
 * Statistical disclosure control for the funder indicators (src/data/indicators.ts): a count of
 * 1 to 4 people is never published as itself, so that nobody can be recognised in a small group
 * ("the one participant with a disability in this cohort").
 *
 * The rule, as tested in test/disclosure.test.ts:
 * 1. Primary suppression: every published cell of 1–4 shows "<5". 0 is published as 0 (an empty
 *    group discloses nothing about anyone), 5 and more as the number.
 * 2. Secondary (complementary) suppression: cells are tied by sums (`relations`: a total and its
 *    parts, e.g. all participants = women + men + non-binary + not disclosed). When exactly one
 *    cell of a sum is unknown, it can be worked out from the others. So whenever a sum has
 *    exactly one unknown cell that must stay unknown, one more of its cells is suppressed too:
 *    the part with the smallest count above 0 (the least information lost), else the total,
 *    else a zero part. Such a cell shows "c" (confidential). This repeats until no sum has a
 *    single protected unknown, because a cell hidden for one sum may be the last unknown of
 *    another.
 * 3. Cells that are never published but are parts of a sum (`hidden`: the short-term unemployed,
 *    who are "unemployed" minus "long-term unemployed") are unknown from the start; they need
 *    protecting only when they hold 1–4 people.
 */

export type Cell = { value: number; hidden?: boolean };
export type Relation = { total: string; parts: readonly string[] };
export type Shown = { kind: 'value'; value: number } | { kind: 'small' } | { kind: 'secondary' };

export const SMALL_MAX = 4;
const isSmall = (n: number) => n >= 1 && n <= SMALL_MAX;

export function suppress(cells: Record<string, Cell>, relations: readonly Relation[]): Record<string, Shown> {
  const state = new Map<string, 'shown' | 'small' | 'secondary' | 'hidden'>();
  for (const [key, cell] of Object.entries(cells)) {
    state.set(key, cell.hidden ? 'hidden' : isSmall(cell.value) ? 'small' : 'shown');
  }
  const value = (key: string) => cells[key]?.value ?? 0;
  const unknown = (key: string) => state.get(key) !== 'shown';
  // Must not be worked out: a suppressed cell, or a hidden one of 1–4.
  const protectedCell = (key: string) => {
    const s = state.get(key);
    return s === 'small' || s === 'secondary' || (s === 'hidden' && isSmall(value(key)));
  };
  for (let changed = true; changed; ) {
    changed = false;
    for (const { total, parts } of relations) {
      const members = [total, ...parts];
      const [only, ...more] = members.filter(unknown);
      if (only === undefined || more.length > 0 || !protectedCell(only)) continue;
      const shownParts = parts.filter((k) => !unknown(k));
      const byValue = (a: string, b: string) => value(a) - value(b);
      const candidate =
        shownParts.filter((k) => value(k) > 0).sort(byValue)[0] ?? (unknown(total) ? undefined : total) ?? shownParts.sort(byValue)[0];
      if (candidate === undefined) continue;
      state.set(candidate, 'secondary');
      changed = true;
    }
  }
  const out: Record<string, Shown> = {};
  for (const key of Object.keys(cells)) {
    const s = state.get(key);
    if (s === 'hidden') continue;
    out[key] = s === 'small' ? { kind: 'small' } : s === 'secondary' ? { kind: 'secondary' } : { kind: 'value', value: value(key) };
  }
  return out;
}
