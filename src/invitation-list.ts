/**
 * Lists of people to invite, as admins have them: typed or pasted into a textarea, or saved from a
 * spreadsheet as CSV. Each line becomes an entry with an email, a name and a language, or an
 * invalid line with its reason. Parsing is lenient about the shape (what matters is which field
 * holds an `@`) and strict about the address itself.
 *
 * Pasted lines: `email`, `name <email>`, `"name" <email>, en`, `name, email, language`,
 * `email; name` (commas, semicolons or tabs). Blank lines and `#` comments are skipped.
 * CSV: UTF-8 with or without a byte order mark, comma- or semicolon-separated (Polish Excel writes
 * semicolons), quoted fields with "" inside, columns name, email, language; a header row is
 * optional and may put the columns in any order (Polish headers too).
 */
import { z } from 'zod';
import { LANGUAGES, type Language } from './data/schema';
import { normalizeEmail } from './data/users';

export const MAX_EMAIL_LENGTH = 254;
export const MAX_NAME_LENGTH = 120;

export type InvalidReason = 'noEmail' | 'badEmail' | 'badLanguage' | 'nameTooLong' | 'duplicate';

/** One line of the input: `text` is the line as given (cut short), for the result page. */
export type ListEntry = { line: number; text: string } & (
  | { ok: true; email: string; name: string; language: Language }
  | { ok: false; reason: InvalidReason; email?: string }
);

const emailSchema = z.string().email().max(MAX_EMAIL_LENGTH);

/** Language fields as people write them: a code (pl, EN, pl-PL) or the language's name. */
const LANGUAGE_WORDS: Record<string, Language> = {
  pl: 'pl',
  pol: 'pl',
  polski: 'pl',
  polish: 'pl',
  en: 'en',
  eng: 'en',
  english: 'en',
  angielski: 'en',
};

function languageOf(field: string): Language | null {
  const word = field
    .trim()
    .toLowerCase()
    .replace(/[-_].*$/, '');
  const lang = LANGUAGE_WORDS[word];
  return lang && (LANGUAGES as readonly string[]).includes(lang) ? lang : null;
}

/** A field written as a language: a code in one case (de, EN, pl-PL) or a language we know by name. */
const looksLikeLanguage = (field: string) => /^([a-z]{2,3}|[A-Z]{2,3})([-_][a-zA-Z]{2})?$/.test(field) || languageOf(field) !== null;

function unquote(field: string): string {
  const trimmed = field.trim();
  const quoted = /^"(.*)"$/s.exec(trimmed) ?? /^'(.*)'$/s.exec(trimmed);
  return (quoted ? (quoted[1] ?? '') : trimmed).replace(/""/g, '"').trim();
}

/** The text of a line shown on the result page: enough to recognise it, never a whole file. */
const shown = (text: string) => (text.length > 200 ? `${text.slice(0, 199)}…` : text);

type Parts = { name: string; email: string; language: string };

/**
 * Which field is which, when nothing says so: the field with an `@` is the address, a last field
 * after it that is written like a language is the language (a code we do not have, like `de`, is
 * a wrong language rather than part of the name), and the rest is the name.
 */
function partsOfFields(fields: string[]): Parts | null {
  // "Jan Kowalski jan@example.org": words around an address, without a separator, are the name.
  const cleaned = fields.flatMap((field) => {
    const words = unquote(field).split(/\s+/);
    const address = words.findIndex((w) => w.includes('@'));
    if (address < 0 || words.length === 1) return [unquote(field)];
    return [unquote(words.slice(0, address).join(' ')), words[address] ?? '', unquote(words.slice(address + 1).join(' '))];
  });
  const at = cleaned.findIndex((f) => f.includes('@'));
  if (at < 0) return null;
  const before = cleaned.slice(0, at).filter((f) => f !== '');
  const after = cleaned.slice(at + 1).filter((f) => f !== '');
  const last = after.at(-1);
  const language = last !== undefined && looksLikeLanguage(last) ? (after.pop() ?? '') : '';
  return { email: cleaned[at] ?? '', name: [...before, ...after].join(' '), language };
}

/** An entry from its parts: the address checked (a `mailto:` and angle brackets dropped), the language known. */
function entryOf(parts: Parts | null, line: number, text: string, defaultLanguage: Language): ListEntry {
  const base = { line, text: shown(text) };
  if (!parts) return { ...base, ok: false, reason: 'noEmail' };
  const email = normalizeEmail(parts.email.replace(/^<|>$/g, '').replace(/^mailto:/i, ''));
  if (!emailSchema.safeParse(email).success) return { ...base, ok: false, reason: 'badEmail', email };
  const language = parts.language.trim() === '' ? defaultLanguage : languageOf(parts.language);
  if (!language) return { ...base, ok: false, reason: 'badLanguage', email };
  const name = parts.name.replace(/\s+/g, ' ').trim();
  if (name.length > MAX_NAME_LENGTH) return { ...base, ok: false, reason: 'nameTooLong', email };
  return { ...base, ok: true, email, name, language };
}

/** `name <email>` with an optional `, language` after it. */
const ANGLE = /^(.*?)<([^<>]*@[^<>]*)>\s*(?:[,;\t]\s*(.*))?$/s;

/** The textarea: one person per line. */
export function parsePastedList(text: string, defaultLanguage: Language): ListEntry[] {
  const entries: ListEntry[] = [];
  for (const [i, raw] of text
    .replace(/^\uFEFF/, '')
    .split(/\r\n|\r|\n/)
    .entries()) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const angle = ANGLE.exec(line);
    const fields = angle
      ? [(angle[1] ?? '').replace(/[,;\t]\s*$/, ''), angle[2] ?? '', ...(angle[3] ? [angle[3]] : [])]
      : line.split(/[,;\t]/);
    if (!angle && isHeader(fields)) continue;
    entries.push(entryOf(partsOfFields(fields), i + 1, line, defaultLanguage));
  }
  return markDuplicates(entries);
}

const HEADER_WORDS: Record<string, 'name' | 'email' | 'language'> = {
  name: 'name',
  'full name': 'name',
  imię: 'name',
  'imię i nazwisko': 'name',
  'imie i nazwisko': 'name',
  nazwisko: 'name',
  email: 'email',
  'e-mail': 'email',
  mail: 'email',
  'adres e-mail': 'email',
  'adres email': 'email',
  language: 'language',
  lang: 'language',
  język: 'language',
  jezyk: 'language',
};

/** A header row: no address in it and at least one of its fields names a column. */
function isHeader(fields: string[]): boolean {
  const cleaned = fields.map((f) => unquote(f).toLowerCase());
  return !cleaned.some((f) => f.includes('@')) && cleaned.some((f) => HEADER_WORDS[f] !== undefined);
}

export class NotUtf8Error extends Error {}

/**
 * A CSV file's bytes. Only UTF-8 is accepted (Excel's "CSV UTF-8"); anything else throws
 * NotUtf8Error, since guessing a Windows code page would garble Polish names silently.
 */
export function parseCsvList(bytes: Uint8Array, defaultLanguage: Language): ListEntry[] {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new NotUtf8Error();
  }
  const rows = csvRows(text, delimiterOf(text));
  const first = rows[0];
  let columns: ('name' | 'email' | 'language' | null)[] | null = null;
  if (first && isHeader(first.fields)) {
    columns = first.fields.map((f) => HEADER_WORDS[unquote(f).toLowerCase()] ?? null);
    rows.shift();
  }
  const entries: ListEntry[] = [];
  for (const row of rows) {
    if (row.fields.every((f) => f.trim() === '')) continue;
    const header = columns;
    // With a header that names the address column, each column is what the header says.
    const pick = (name: 'name' | 'email' | 'language') =>
      row.fields
        .filter((_, i) => header?.[i] === name)
        .map(unquote)
        .join(' ');
    const parts = header?.includes('email')
      ? pick('email').includes('@')
        ? { name: pick('name'), email: pick('email'), language: pick('language') }
        : null
      : partsOfFields(row.fields);
    entries.push(entryOf(parts, row.line, row.text, defaultLanguage));
  }
  return markDuplicates(entries);
}

/** Semicolon when the first line has more semicolons than commas outside quotes; tab likewise. */
function delimiterOf(text: string): string {
  const firstLine = (text.split(/\r\n|\r|\n/).find((l) => l.trim() !== '') ?? '').replace(/"[^"]*"/g, '');
  const counts = [',', ';', '\t'].map((d) => [d, firstLine.split(d).length - 1] as const);
  const [best] = counts.sort((a, b) => b[1] - a[1]);
  return best && best[1] > 0 ? best[0] : ',';
}

/** RFC 4180 rows: quoted fields may hold the delimiter, doubled quotes and line breaks. */
function csvRows(text: string, delimiter: string): { line: number; text: string; fields: string[] }[] {
  const rows: { line: number; text: string; fields: string[] }[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  let rowStart = 0;
  const endRow = (end: number) => {
    fields.push(field);
    rows.push({ line: rowLine, text: text.slice(rowStart, end).trim(), fields });
    fields = [];
    field = '';
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] ?? '';
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else {
        if (ch === '\n') line++;
        field += ch;
      }
    } else if (ch === '"' && field.trim() === '') {
      quoted = true;
      field = '';
    } else if (ch === delimiter) {
      fields.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      endRow(i);
      if (ch === '\r' && text[i + 1] === '\n') i++;
      line++;
      rowLine = line;
      rowStart = i + 1;
    } else field += ch;
  }
  if (field !== '' || fields.length > 0) endRow(text.length);
  return rows;
}

/** The second line with an address already listed is marked, so nobody gets two invitations. */
function markDuplicates(entries: ListEntry[]): ListEntry[] {
  const seen = new Set<string>();
  return entries.map((entry) => {
    if (!entry.ok) return entry;
    if (seen.has(entry.email)) return { line: entry.line, text: entry.text, ok: false, reason: 'duplicate', email: entry.email };
    seen.add(entry.email);
    return entry;
  });
}

/** Pasted lines first, then the file's rows; duplicates are marked across both. */
export function combineLists(...lists: ListEntry[][]): ListEntry[] {
  return markDuplicates(lists.flat());
}
