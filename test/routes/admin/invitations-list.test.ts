import { describe, expect, it } from 'vitest';
import { type ListEntry, NotUtf8Error, parseCsvList, parsePastedList } from '../../../src/invitation-list';

const utf8 = (text: string) => new TextEncoder().encode(text);
const brief = (entries: ListEntry[]) =>
  entries.map((e) => (e.ok ? [e.line, e.email, e.name, e.language] : [e.line, 'invalid', e.reason, e.email ?? null]));

describe('parsePastedList', () => {
  it('reads an address, "name <address>" and "name, address, language", whatever the spacing and case', () => {
    const text = [
      'ala@example.org',
      '  Jan Kowalski <JAN@Example.org>  ',
      '"Nowak, Ewa" <ewa@example.org>, en',
      'Zofia Wiśniewska, zofia@example.org, EN',
      'Piotr; piotr@example.org; pl',
      'Anna\tanna@example.org\tpolski',
      'mailto:ola@example.org',
      'kuba@example.org, Jakub Nowicki',
      '',
      '# a comment',
      '\tMarek Zieliński  ,  marek@example.org  ',
      'Olga Nowak olga@example.org en',
    ].join('\r\n');
    expect(brief(parsePastedList(text, 'pl'))).toEqual([
      [1, 'ala@example.org', '', 'pl'],
      [2, 'jan@example.org', 'Jan Kowalski', 'pl'],
      [3, 'ewa@example.org', 'Nowak, Ewa', 'en'],
      [4, 'zofia@example.org', 'Zofia Wiśniewska', 'en'],
      [5, 'piotr@example.org', 'Piotr', 'pl'],
      [6, 'anna@example.org', 'Anna', 'pl'],
      [7, 'ola@example.org', '', 'pl'],
      [8, 'kuba@example.org', 'Jakub Nowicki', 'pl'],
      [11, 'marek@example.org', 'Marek Zieliński', 'pl'],
      [12, 'olga@example.org', 'Olga Nowak', 'en'],
    ]);
  });

  it('marks what it cannot use, with the reason, and a second line with the same address', () => {
    const text = [
      'just a name',
      'Jan, not-an-address@, en',
      'Jan, jan@example.org, de',
      'JAN@example.org',
      `${'x'.repeat(130)}, long@example.org`,
      'Jan K <jan@example.org>',
    ].join('\n');
    expect(brief(parsePastedList(text, 'en'))).toEqual([
      [1, 'invalid', 'noEmail', null],
      [2, 'invalid', 'badEmail', 'not-an-address@'],
      [3, 'invalid', 'badLanguage', 'jan@example.org'],
      [4, 'jan@example.org', '', 'en'],
      [5, 'invalid', 'nameTooLong', 'long@example.org'],
      [6, 'invalid', 'duplicate', 'jan@example.org'],
    ]);
  });

  it('skips a pasted header row and a short name is not taken for a language', () => {
    expect(brief(parsePastedList('name, email, language\nEd, ed@example.org', 'en'))).toEqual([[2, 'ed@example.org', 'Ed', 'en']]);
  });
});

describe('parseCsvList', () => {
  it('reads a semicolon file from Polish Excel with a BOM and a Polish header in another order', () => {
    const csv = '\uFEFFE-mail;Imię i nazwisko;Język\r\nala@example.org;Alicja Żak;en\r\nbob@example.org;"Bob ""B"" Nowak";\r\n;;\r\n';
    expect(brief(parseCsvList(utf8(csv), 'pl'))).toEqual([
      [2, 'ala@example.org', 'Alicja Żak', 'en'],
      [3, 'bob@example.org', 'Bob "B" Nowak', 'pl'],
    ]);
  });

  it('reads a comma file without a header, quoted commas and line breaks in names included', () => {
    const csv = 'Ewa Nowak,ewa@example.org,pl\n"Kowalski, Jan",jan@example.org,en\n"Two\nLines",two@example.org\nnobody,,\n';
    expect(brief(parseCsvList(utf8(csv), 'en'))).toEqual([
      [1, 'ewa@example.org', 'Ewa Nowak', 'pl'],
      [2, 'jan@example.org', 'Kowalski, Jan', 'en'],
      [3, 'two@example.org', 'Two Lines', 'en'],
      [5, 'invalid', 'noEmail', null],
    ]);
  });

  it('refuses a file that is not UTF-8 (Windows-1250 from an old Excel)', () => {
    // "Żak" in Windows-1250: Ż is 0xAF, not valid UTF-8 on its own.
    const bytes = new Uint8Array([...utf8('ala@example.org;'), 0xaf, ...utf8('ak\n')]);
    expect(() => parseCsvList(bytes, 'pl')).toThrow(NotUtf8Error);
  });
});
