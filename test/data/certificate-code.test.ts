import { describe, expect, it } from 'vitest';
import { ALPHABET, newCertificateCode } from '../../src/data/certificates';

/** How often each alphabet character occurs in `codes`. */
function tally(codes: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const char of codes.join('').replaceAll('-', '')) counts.set(char, (counts.get(char) ?? 0) + 1);
  return counts;
}

describe('newCertificateCode', () => {
  it('is three groups of four alphabet characters', () => {
    const code = new RegExp(`^[${ALPHABET}]{4}-[${ALPHABET}]{4}-[${ALPHABET}]{4}$`);
    for (let i = 0; i < 200; i++) expect(newCertificateCode()).toMatch(code);
  });

  it('gives every character the same chance: fed every byte value in turn, it uses each equally often', () => {
    let next = 0;
    const everyByteInTurn = (length: number) => Uint8Array.from({ length }, () => next++ % 256);
    const codes = Array.from({ length: 2 * ALPHABET.length }, () => newCertificateCode(everyByteInTurn));
    const counts = tally(codes);
    expect([...counts.keys()].sort().join('')).toBe([...ALPHABET].sort().join(''));
    // `byte % 31` would favour the first 8 characters (256 = 8 × 31 + 8).
    expect(new Set(counts.values()).size).toBe(1);
  });

  it('shows no bias toward the first characters with the real random source', () => {
    const counts = tally(Array.from({ length: 3000 }, () => newCertificateCode()));
    const mean = (chars: string[]) => chars.reduce((n, c) => n + (counts.get(c) ?? 0), 0) / chars.length;
    const chars = [...ALPHABET];
    // Modulo bias would make the first 8 about 12.5 % more frequent; chance alone stays near 1 %.
    expect(mean(chars.slice(0, 8)) / mean(chars.slice(8))).toBeLessThan(1.06);
  });
});
