import { describe, expect, it } from 'vitest';
import { pl } from '../../src/i18n/pl';

/** Every string of a dictionary, with its functions called on sample arguments. */
function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (typeof value === 'function') return [String(value(3, 7))];
  if (value && typeof value === 'object') return Object.values(value).flatMap(strings);
  return [];
}

describe('the Polish dictionary', () => {
  const all = strings(pl);

  it('closes every „ with ”, not a straight quote', () => {
    expect(all.filter((s) => /„[^”]*"/.test(s))).toEqual([]);
  });

  it('has no "(-a)" or "(a)" gender forms', () => {
    expect(all.filter((s) => /\((-?a)\)/.test(s))).toEqual([]);
  });

  it('does not call enrolment "Zapisano" (it reads as "Saved") and says where to continue naturally', () => {
    expect(pl.catalogue.enrolled).not.toBe('Zapisano');
    expect(pl.course.continueWhere('X')).not.toContain('skończono');
  });
});
