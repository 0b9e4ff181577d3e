import { describe, expect, it } from 'vitest';
import { indicatorsOf } from '../src/data/indicators';
import { type Cell, suppress } from '../src/disclosure';

const cells = (values: Record<string, number>): Record<string, Cell> =>
  Object.fromEntries(Object.entries(values).map(([k, value]) => [k, { value }]));
const kinds = (shown: ReturnType<typeof suppress>) =>
  Object.fromEntries(Object.entries(shown).map(([k, s]) => [k, s.kind === 'value' ? s.value : s.kind]));

describe('suppress', () => {
  it('shows 1–4 as small, 0 and 5 and more as they are', () => {
    const out = suppress(cells({ total: 20, a: 0, b: 1, c: 4, d: 5, e: 10 }), [{ total: 'total', parts: ['a', 'b', 'c', 'd', 'e'] }]);
    expect(kinds(out)).toEqual({ total: 20, a: 0, b: 'small', c: 'small', d: 5, e: 10 });
  });

  it('hides one more cell when a single small one could be worked out from the total (the smallest above 0)', () => {
    const out = suppress(cells({ total: 21, a: 0, b: 3, c: 6, d: 12 }), [{ total: 'total', parts: ['a', 'b', 'c', 'd'] }]);
    expect(kinds(out)).toEqual({ total: 21, a: 0, b: 'small', c: 'secondary', d: 12 });
  });

  it('needs nothing more when two cells of a sum are already hidden', () => {
    const out = suppress(cells({ total: 12, a: 2, b: 3, c: 7 }), [{ total: 'total', parts: ['a', 'b', 'c'] }]);
    expect(kinds(out)).toEqual({ total: 12, a: 'small', b: 'small', c: 7 });
  });

  it('hides the total itself when it is 1–4', () => {
    const out = suppress(cells({ total: 3, a: 3, b: 0 }), [{ total: 'total', parts: ['a', 'b'] }]);
    expect(kinds(out)).toEqual({ total: 'small', a: 'small', b: 0 });
  });

  it('follows a hidden cell into the other sums it is in', () => {
    // b is hidden to protect a; b is also c + d, which would give b (and so a) away.
    const out = suppress(cells({ total: 20, a: 3, b: 17, c: 10, d: 7 }), [
      { total: 'total', parts: ['a', 'b'] },
      { total: 'b', parts: ['c', 'd'] },
    ]);
    expect(kinds(out)).toEqual({ total: 20, a: 'small', b: 'secondary', c: 10, d: 'secondary' });
  });

  it('protects a never-published part of 1–4 that shown cells would give away', () => {
    // unemployed 8 = long-term 6 + short-term 2 (never shown): 8 and 6 together would tell 2.
    const values = { unemployed: { value: 8 }, longTerm: { value: 6 }, shortTerm: { value: 2, hidden: true } };
    const out = suppress(values, [{ total: 'unemployed', parts: ['longTerm', 'shortTerm'] }]);
    expect(kinds(out)).toEqual({ unemployed: 8, longTerm: 'secondary' });
    const big = suppress({ ...values, shortTerm: { value: 5, hidden: true } }, [{ total: 'unemployed', parts: ['longTerm', 'shortTerm'] }]);
    expect(kinds(big)).toEqual({ unemployed: 8, longTerm: 6 });
  });
});

describe('indicatorsOf', () => {
  const zero = {
    participants: 0,
    women: 0,
    men: 0,
    nonBinary: 0,
    employed: 0,
    unemployed: 0,
    longTermUnemployed: 0,
    inactive: 0,
    below18: 0,
    age18to29: 0,
    age30to54: 0,
    age55plus: 0,
    isced0to2: 0,
    isced3to4: 0,
    isced5to8: 0,
    disabled: 0,
    notDisabled: 0,
    rco85: 0,
    rcr81: 0,
  };

  it('counts the rest of each breakdown as not disclosed and keeps RCO85 with the participants', () => {
    const { counts, shown } = indicatorsOf({ ...zero, participants: 3, rco85: 3, women: 3, employed: 1, rcr81: 7 });
    expect(counts).toMatchObject({ genderUnknown: 0, labourUnknown: 2, ageUnknown: 3, educationUnknown: 3, disabilityUnknown: 3 });
    expect(shown.participants).toEqual({ kind: 'small' });
    expect(shown.rco85).toEqual({ kind: 'small' });
    expect(shown.men).toEqual({ kind: 'value', value: 0 });
    expect(shown.rcr81).toEqual({ kind: 'value', value: 7 });
  });
});
