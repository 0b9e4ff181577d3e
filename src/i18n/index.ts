import { LANGUAGES, type Language } from '../data/schema';
import { type Dictionary, en } from './en';
import { pl } from './pl';

export type { Dictionary };

export const dictionaries: Record<Language, Dictionary> = { pl, en };

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/**
 * The language a page is shown in: the cookie (a visitor's or trainer's choice; sign-in puts the
 * account's choice there), else the best match in Accept-Language, else the region's default. It
 * is known before the page's batch, whose queries need it.
 */
export function chooseLanguage(options: {
  cookie: string | undefined;
  acceptLanguage: string | undefined;
  fallback: string;
  /** The languages the region offers (its settings): one of them is preferred. */
  offered?: readonly Language[];
}): Language {
  const offered = options.offered?.length ? options.offered : LANGUAGES;
  const isOffered = (value: unknown): value is Language => isLanguage(value) && offered.includes(value);
  if (isOffered(options.cookie)) return options.cookie;
  const fromHeader = parseAcceptLanguage(options.acceptLanguage ?? '', isOffered);
  if (fromHeader) return fromHeader;
  if (isOffered(options.fallback)) return options.fallback;
  return offered[0] ?? 'pl';
}

function parseAcceptLanguage(header: string, isOffered: (value: unknown) => value is Language): Language | null {
  const ranked = header
    .split(',')
    .map((part) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { base: tag.toLowerCase().split('-')[0], q: q ? Number(q.slice(2)) : 1 };
    })
    .filter((entry) => entry.q > 0)
    .sort((a, b) => b.q - a.q);
  return ranked.map((entry) => entry.base).find(isOffered) ?? null;
}

export function formatDate(timestamp: number, lang: Language): string {
  return new Intl.DateTimeFormat(lang === 'pl' ? 'pl-PL' : 'en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'Europe/Warsaw',
  }).format(timestamp);
}

export function formatTime(timestamp: number, lang: Language): string {
  return new Intl.DateTimeFormat(lang === 'pl' ? 'pl-PL' : 'en-GB', {
    hour: '2-digit',
    minute: '2-digit',
    timeZone: 'Europe/Warsaw',
  }).format(timestamp);
}
