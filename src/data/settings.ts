/**
 * The region's settings, which admins change at /admin/settings without a redeploy: one row
 * (id = 1) in `settings`. Until an admin first saves, there is no row and the wrangler.toml vars
 * (SITE_NAME, DEFAULT_LANGUAGE, SIGNUP_OPEN) are the settings.
 *
 * Every page shows them (the name, the footer, the language switcher), so `load` reads them in the
 * page's own batch (src/http/context.ts): no extra round trip. A save raises the content version,
 * so the public page cache (src/http/page-cache.ts) never serves a page with the old settings.
 */
import { type SQL, sql } from 'drizzle-orm';
import { auditStatement } from '../content/apply';
import { query, type Read, read } from '../db';
import type { Bindings } from '../env';
import { isAdmin } from './admin/courses';
import { LANGUAGES, type Language, SIGNUP_POLICIES, type SignupPolicy } from './schema';

export type Texts = Record<Language, string>;
export type PartnerLogo = { key: string; name: string };
export const CSV_SEPARATORS = [';', ','] as const;
export type CsvSeparator = (typeof CSV_SEPARATORS)[number];

export type SiteSettings = {
  siteName: string;
  /** The issuing organisation, named on certificates and in the footer. */
  organisation: string;
  contactEmail: string;
  logoKey: string | null;
  /** The languages offered, never empty; `defaultLanguage` is one of them. */
  languages: Language[];
  defaultLanguage: Language;
  signupPolicy: SignupPolicy;
  signupDomains: string[];
  privacy: Texts;
  privacyHtml: Texts;
  terms: Texts;
  termsHtml: Texts;
  fundingEmblem: boolean;
  fundingStatement: Texts;
  partnerLogos: PartnerLogo[];
  csvSeparator: CsvSeparator;
  /** Ask trainers for a participant profile when they enrol (src/data/profiles.ts). */
  askProfile: boolean;
  /** The consent texts shown with the profile's questions, and with the disability question. */
  profileConsent: Texts;
  disabilityConsent: Texts;
  /** Null while the settings are the env defaults (never saved). */
  updatedAt: number | null;
};

/** The official wording of the EU funding acknowledgement, in each language. */
export const FUNDING_STATEMENT: Texts = {
  pl: 'Współfinansowane przez Unię Europejską',
  en: 'Co-funded by the European Union',
};

const noTexts = (): Texts => ({ pl: '', en: '' });

const isLanguage = (value: unknown): value is Language => typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);

/** The settings of a region that has never saved any: from its wrangler.toml vars. */
export function defaultSettings(env: Pick<Bindings, 'SITE_NAME' | 'DEFAULT_LANGUAGE' | 'SIGNUP_OPEN'>): SiteSettings {
  return {
    siteName: env.SITE_NAME,
    organisation: env.SITE_NAME,
    contactEmail: '',
    logoKey: null,
    languages: [...LANGUAGES],
    defaultLanguage: isLanguage(env.DEFAULT_LANGUAGE) ? env.DEFAULT_LANGUAGE : 'pl',
    signupPolicy: env.SIGNUP_OPEN === 'true' ? 'open' : 'invitation',
    signupDomains: [],
    privacy: noTexts(),
    privacyHtml: noTexts(),
    terms: noTexts(),
    termsHtml: noTexts(),
    fundingEmblem: false,
    fundingStatement: { ...FUNDING_STATEMENT },
    partnerLogos: [],
    csvSeparator: ';',
    askProfile: false,
    profileConsent: noTexts(),
    disabilityConsent: noTexts(),
    updatedAt: null,
  };
}

type SettingsRow = {
  siteName: string;
  organisation: string;
  contactEmail: string;
  logoKey: string | null;
  languages: string;
  defaultLanguage: string;
  signupPolicy: string;
  signupDomains: string;
  privacy: string;
  privacyHtml: string;
  terms: string;
  termsHtml: string;
  fundingEmblem: 0 | 1;
  fundingStatement: string;
  partnerLogos: string;
  csvSeparator: string;
  askProfile: 0 | 1;
  profileConsent: string;
  disabilityConsent: string;
  updatedAt: number;
};

/** The saved settings, or `defaults` when none were saved yet. */
export function settingsRead(defaults: SiteSettings): Read<SiteSettings> {
  return read(
    [
      query<SettingsRow>(sql`SELECT site_name AS siteName, organisation, contact_email AS contactEmail, logo_key AS logoKey,
        languages, default_language AS defaultLanguage, signup_policy AS signupPolicy, signup_domains AS signupDomains,
        privacy, privacy_html AS privacyHtml, terms, terms_html AS termsHtml, funding_emblem AS fundingEmblem,
        funding_statement AS fundingStatement, partner_logos AS partnerLogos, csv_separator AS csvSeparator,
        ask_profile AS askProfile, profile_consent AS profileConsent, disability_consent AS disabilityConsent,
        updated_at AS updatedAt
        FROM settings WHERE id = 1`),
    ],
    ([[row]]) => (row ? parseRow(row, defaults) : defaults),
  );
}

/** A row as written by `saveSettingsStatements`; anything unreadable falls back to the default. */
function parseRow(row: SettingsRow, defaults: SiteSettings): SiteSettings {
  const languages = jsonArray(row.languages).filter(isLanguage);
  const offered = languages.length > 0 ? languages : defaults.languages;
  const defaultLanguage =
    isLanguage(row.defaultLanguage) && offered.includes(row.defaultLanguage) ? row.defaultLanguage : (offered[0] ?? 'pl');
  return {
    siteName: row.siteName,
    organisation: row.organisation,
    contactEmail: row.contactEmail,
    logoKey: row.logoKey,
    languages: offered,
    defaultLanguage,
    signupPolicy: (SIGNUP_POLICIES as readonly string[]).includes(row.signupPolicy)
      ? (row.signupPolicy as SignupPolicy)
      : defaults.signupPolicy,
    signupDomains: jsonArray(row.signupDomains).filter((d): d is string => typeof d === 'string'),
    privacy: texts(row.privacy),
    privacyHtml: texts(row.privacyHtml),
    terms: texts(row.terms),
    termsHtml: texts(row.termsHtml),
    fundingEmblem: row.fundingEmblem === 1,
    fundingStatement: texts(row.fundingStatement),
    partnerLogos: jsonArray(row.partnerLogos).filter(
      (logo): logo is PartnerLogo => typeof logo?.key === 'string' && typeof logo?.name === 'string',
    ),
    csvSeparator: row.csvSeparator === ',' ? ',' : ';',
    askProfile: row.askProfile === 1,
    profileConsent: texts(row.profileConsent),
    disabilityConsent: texts(row.disabilityConsent),
    updatedAt: row.updatedAt,
  };
}

// biome-ignore lint/suspicious/noExplicitAny: parsed JSON, narrowed by the callers' filters
function jsonArray(text: string): any[] {
  try {
    const value = JSON.parse(text);
    return Array.isArray(value) ? value : [];
  } catch {
    return [];
  }
}

function texts(text: string): Texts {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    value = {};
  }
  const object = (value && typeof value === 'object' ? value : {}) as Record<string, unknown>;
  return Object.fromEntries(LANGUAGES.map((lang) => [lang, typeof object[lang] === 'string' ? object[lang] : ''])) as Texts;
}

/** What a save writes: every setting (the HTML already rendered from the Markdown). */
export type SettingsValues = Omit<SiteSettings, 'updatedAt'>;

/**
 * The save, as one batch: the row (inserted the first time, updated after), an audit line and a
 * raised content version, each only when `me` is an admin (checked in SQL: whatever the handler
 * decided, anyone else's save writes nothing). Call `forgetContentVersion()` after the batch.
 *
 * The logos change against the row as it is when the batch runs, not as the form saw it: a new
 * logo replaces the old one (`values.logoKey`), `removeLogo` clears it, new partner logos
 * (`values.partnerLogos`) are appended and `removePartners` (keys) are dropped.
 */
export function saveSettingsStatements(
  me: SQL,
  values: SettingsValues,
  logos: { removeLogo: boolean; removePartners: string[] },
  now: number,
): SQL[] {
  const admin = isAdmin(me);
  const json = JSON.stringify;
  return [
    sql`INSERT INTO settings (id, site_name, organisation, contact_email, logo_key, languages, default_language,
        signup_policy, signup_domains, privacy, privacy_html, terms, terms_html, funding_emblem, funding_statement,
        partner_logos, csv_separator, ask_profile, profile_consent, disability_consent, updated_at)
      SELECT 1, ${values.siteName}, ${values.organisation}, ${values.contactEmail}, ${values.logoKey},
        ${json(values.languages)}, ${values.defaultLanguage}, ${values.signupPolicy}, ${json(values.signupDomains)},
        ${json(values.privacy)}, ${json(values.privacyHtml)}, ${json(values.terms)}, ${json(values.termsHtml)},
        ${values.fundingEmblem ? 1 : 0}, ${json(values.fundingStatement)}, ${json(values.partnerLogos)},
        ${values.csvSeparator}, ${values.askProfile ? 1 : 0}, ${json(values.profileConsent)}, ${json(values.disabilityConsent)}, ${now}
      WHERE ${admin}
      ON CONFLICT (id) DO UPDATE SET site_name = excluded.site_name, organisation = excluded.organisation,
        contact_email = excluded.contact_email, languages = excluded.languages,
        logo_key = CASE WHEN excluded.logo_key IS NOT NULL THEN excluded.logo_key
          WHEN ${logos.removeLogo ? 1 : 0} THEN NULL ELSE settings.logo_key END,
        partner_logos = (SELECT json_group_array(json(value)) FROM (
          SELECT value FROM json_each(settings.partner_logos)
            WHERE json_extract(value, '$.key') NOT IN (SELECT value FROM json_each(${json(logos.removePartners)}))
          UNION ALL SELECT value FROM json_each(excluded.partner_logos))),
        default_language = excluded.default_language, signup_policy = excluded.signup_policy,
        signup_domains = excluded.signup_domains, privacy = excluded.privacy, privacy_html = excluded.privacy_html,
        terms = excluded.terms, terms_html = excluded.terms_html, funding_emblem = excluded.funding_emblem,
        funding_statement = excluded.funding_statement,
        csv_separator = excluded.csv_separator, ask_profile = excluded.ask_profile,
        profile_consent = excluded.profile_consent, disability_consent = excluded.disability_consent,
        updated_at = excluded.updated_at
      RETURNING id`,
    auditStatement({ userId: me, action: 'settings', courseId: null, detail: '', now }, admin),
    // Settings change every public page: cached anonymous pages are keyed by this version.
    sql`UPDATE content_version SET version = version + 1 WHERE id = 1 AND ${admin}`,
  ];
}
