/**
 * Keys for modules and lessons, made from their titles so that nobody has to invent one. Progress
 * hangs on a lesson's key, so a key is editable only until the lesson is first published, and a
 * new key never reuses one a published (even archived) lesson had: that would hand the new lesson
 * the old one's progress.
 */
const FOLD: Record<string, string> = { ą: 'a', ć: 'c', ę: 'e', ł: 'l', ń: 'n', ó: 'o', ś: 's', ź: 'z', ż: 'z' };

export function keyFromTitle(title: string): string {
  const key = title
    .toLowerCase()
    .replace(/[ąćęłńóśźż]/g, (ch) => FOLD[ch] ?? ch)
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return key || 'untitled';
}

/** The key, then the key with -2 … -9, then one with a random suffix: SQL picks the first free one. */
export function keyCandidates(title: string): string[] {
  const base = keyFromTitle(title);
  const random = crypto.getRandomValues(new Uint32Array(1))[0]?.toString(36) ?? 'x';
  return [base, ...Array.from({ length: 8 }, (_, i) => `${base}-${i + 2}`), `${base}-${random}`];
}

export const KEY_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
