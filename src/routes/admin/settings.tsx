import { type Context, Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { z } from 'zod';
import type { FieldErrors } from '../../../views/admin/form';
import { type SettingsForm, SettingsPage } from '../../../views/admin/settings';
import { LANGUAGES, type Language, SIGNUP_POLICIES } from '../../data/schema';
import { CSV_SEPARATORS, type SettingsValues, type SiteSettings, saveSettingsStatements, type Texts } from '../../data/settings';
import { nothing } from '../../db';
import type { AppEnv } from '../../env';
import { requireUser, signedIn } from '../../http/guards';
import { forgetContentVersion } from '../../http/page-cache';
import { render } from '../../http/render';
import type { Dictionary } from '../../i18n';
import { renderMarkdown } from '../../markdown';
import { IMAGE_CONTENT_TYPES, type ImageType, MalformedImageError, sniffImageType, stripImageMetadata } from '../../media/images';
import { isMediaKey, MAX_IMAGE_BYTES, MAX_IMAGE_MB, newSiteImageKey } from '../../media/store';
import { adminSettingsUrl } from '../../urls';
import { echoed, fieldErrors, MAX_FORM_BYTES, readForm } from '../validation';

/** The region's settings (src/data/settings.ts), for admins: one page, one form, one round trip each. */
export const adminSettingsRoutes = new Hono<AppEnv>();

/** Two logos at most, and the texts around them. */
const MAX_BODY = 2 * MAX_IMAGE_BYTES + 4 * MAX_FORM_BYTES;
const MAX_TEXT = 50_000;
/** A consent text: a paragraph or two, shown as plain text above the profile's questions. */
const MAX_CONSENT = 5_000;
/** A host name: labels of letters, digits and inner hyphens, a top-level label of letters (or xn--). */
const DOMAIN = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/;

adminSettingsRoutes.get('/', requireUser, async (c) => {
  const page = await signedIn(c, nothing, { role: 'admin' });
  if (page instanceof Response) return page;
  return render(c, <SettingsPage ui={c.var.ui} form={formOf(c.var.settings)} errors={{}} saved={c.req.query('saved') === '1'} />);
});

/**
 * One D1 round trip: the session, the admin check and the save in one batch (the save is guarded
 * in SQL too). The logos are checked and stripped before it (nothing stored when the form is
 * refused) and put into R2 after it committed; logos the save dropped are deleted then.
 */
adminSettingsRoutes.post('/', requireUser, async (c) => {
  const { t } = c.var;
  let body: Record<string, unknown>;
  try {
    body = await readForm(c.req, MAX_BODY);
  } catch (error) {
    if (!(error instanceof HTTPException && error.status === 413)) throw error;
    return refuse(c, null, { logo: t.media.errors.fileTooLarge(MAX_IMAGE_MB) }, 413);
  }
  const parsed = settingsSchema(t).safeParse(body);
  const errors: FieldErrors = parsed.success ? {} : fieldErrors(parsed.error);
  const logo = await readImage(t, body.logo);
  const partnerLogo = await readImage(t, body.partner_logo);
  if (typeof logo === 'string') errors.logo = logo;
  if (typeof partnerLogo === 'string') errors.partner_logo = partnerLogo;
  if (!parsed.success || Object.keys(errors).length > 0) return refuse(c, body, errors, 422);
  const form = parsed.data;
  if (partnerLogo && !form.partner_name) return refuse(c, body, { partner_name: t.settings.errors.partnerName }, 422);

  if (typeof logo === 'string' || typeof partnerLogo === 'string') return refuse(c, body, errors, 422);
  const newLogo = logo ? { key: newSiteImageKey(logo.type), ...logo } : null;
  const newPartner = partnerLogo ? { key: newSiteImageKey(partnerLogo.type), ...partnerLogo } : null;
  const values: SettingsValues = {
    siteName: form.site_name,
    organisation: form.organisation,
    contactEmail: form.contact_email,
    logoKey: newLogo?.key ?? null,
    languages: form.languages,
    defaultLanguage: form.default_language,
    signupPolicy: form.signup_policy,
    signupDomains: form.signup_domains,
    privacy: form.privacy,
    privacyHtml: rendered(form.privacy),
    terms: form.terms,
    termsHtml: rendered(form.terms),
    fundingEmblem: form.funding_emblem,
    fundingStatement: form.funding_statement,
    partnerLogos: newPartner ? [{ key: newPartner.key, name: form.partner_name }] : [],
    csvSeparator: form.csv_separator,
    askProfile: form.ask_profile,
    profileConsent: form.profile_consent,
    disabilityConsent: form.disability_consent,
  };
  const logos = { removeLogo: form.remove_logo, removePartners: form.remove_partner };
  const page = await signedIn(c, nothing, { role: 'admin', writes: saveSettingsStatements(c.var.me, values, logos, c.var.now) });
  if (page instanceof Response) return page;
  if (!page.written[0]?.length) return refuse(c, body, {}, 422);
  await forgetContentVersion();
  // `c.var.settings` was read in the same batch before the save: the logos it had that are gone now.
  const before = c.var.settings;
  const dropped = [
    ...(before.logoKey && (form.remove_logo || newLogo) ? [before.logoKey] : []),
    ...before.partnerLogos.filter((p) => form.remove_partner.includes(p.key)).map((p) => p.key),
  ];
  await Promise.all([
    ...[newLogo, newPartner].flatMap((image) =>
      image ? [c.env.MEDIA.put(image.key, image.bytes, { httpMetadata: { contentType: IMAGE_CONTENT_TYPES[image.type] } })] : [],
    ),
    ...(dropped.length ? [c.env.MEDIA.delete(dropped)] : []),
  ]);
  return c.redirect(adminSettingsUrl(true), 303);
});

function rendered(texts: Texts): Texts {
  return Object.fromEntries(LANGUAGES.map((lang) => [lang, texts[lang].trim() ? renderMarkdown(texts[lang], lang) : ''])) as Texts;
}

/** A logo file: nothing chosen (null), a message, or the type and the bytes without metadata. */
async function readImage(t: Dictionary, file: unknown): Promise<null | string | { type: ImageType; bytes: Uint8Array }> {
  if (!(file instanceof File) || file.size === 0) return null;
  if (file.size > MAX_IMAGE_BYTES) return t.media.errors.fileTooLarge(MAX_IMAGE_MB);
  const bytes = new Uint8Array(await file.arrayBuffer());
  const type = sniffImageType(bytes);
  if (!type) return t.media.errors.fileType;
  try {
    return { type, bytes: stripImageMetadata(bytes, type) };
  } catch (error) {
    if (!(error instanceof MalformedImageError)) throw error;
    return t.media.errors.fileBroken;
  }
}

/** The form again with the typed values and a message per field, after the admin check (one round trip). */
async function refuse(c: Context<AppEnv>, body: Record<string, unknown> | null, errors: FieldErrors, status: 413 | 422) {
  const page = await signedIn(c, nothing, { role: 'admin' });
  if (page instanceof Response) return page;
  const saved = formOf(c.var.settings);
  return render(c, <SettingsPage ui={c.var.ui} form={body ? typedForm(body, saved) : saved} errors={errors} />, status);
}

export function formOf(settings: SiteSettings): SettingsForm {
  return {
    site_name: settings.siteName,
    organisation: settings.organisation,
    contact_email: settings.contactEmail,
    languages: settings.languages,
    default_language: settings.defaultLanguage,
    signup_policy: settings.signupPolicy,
    signup_domains: settings.signupDomains.join('\n'),
    privacy: settings.privacy,
    terms: settings.terms,
    funding_emblem: settings.fundingEmblem,
    funding_statement: settings.fundingStatement,
    csv_separator: settings.csvSeparator,
    ask_profile: settings.askProfile,
    profile_consent: settings.profileConsent,
    disability_consent: settings.disabilityConsent,
    partner_name: '',
    logoKey: settings.logoKey,
    partnerLogos: settings.partnerLogos,
  };
}

/** What was typed, cut to the fields' limits; the logos are the saved ones. */
function typedForm(body: Record<string, unknown>, saved: SettingsForm): SettingsForm {
  const texts = (name: string) => Object.fromEntries(LANGUAGES.map((lang) => [lang, echoed(body[`${name}_${lang}`], MAX_TEXT)])) as Texts;
  return {
    ...saved,
    site_name: echoed(body.site_name, 100),
    organisation: echoed(body.organisation, 200),
    contact_email: echoed(body.contact_email, 254),
    languages: list(body.languages).filter((v): v is string => typeof v === 'string'),
    default_language: echoed(body.default_language, 10),
    signup_policy: echoed(body.signup_policy, 20),
    signup_domains: echoed(body.signup_domains, 5000),
    privacy: texts('privacy'),
    terms: texts('terms'),
    funding_emblem: body.funding_emblem !== undefined,
    funding_statement: texts('funding_statement'),
    csv_separator: echoed(body.csv_separator, 5),
    ask_profile: body.ask_profile !== undefined,
    profile_consent: texts('profile_consent'),
    disability_consent: texts('disability_consent'),
    partner_name: echoed(body.partner_name, 100),
  };
}

/** A field that may come once, several times (an array) or not at all. */
const list = (value: unknown): unknown[] => (value === undefined ? [] : [value].flat());

function settingsSchema(t: Dictionary) {
  const e = t.settings.errors;
  const text = z.string(e.text).max(MAX_TEXT, e.text).default('');
  const consent = z.string(e.consent).trim().max(MAX_CONSENT, e.consent).default('');
  const statement = z.string(e.fundingStatement).trim().min(1, e.fundingStatement).max(200, e.fundingStatement);
  return z
    .object({
      site_name: z.string(e.siteName).trim().min(1, e.siteName).max(100, e.siteName),
      organisation: z.string(e.organisation).trim().max(200, e.organisation).default(''),
      contact_email: z
        .string(e.contactEmail)
        .trim()
        .max(254, e.contactEmail)
        .refine((v) => v === '' || z.email().safeParse(v).success, e.contactEmail)
        .default(''),
      languages: z.preprocess((v) => [...new Set(list(v))], z.array(z.enum(LANGUAGES, e.languages), e.languages).min(1, e.languages)),
      default_language: z.enum(LANGUAGES, e.defaultLanguage),
      signup_policy: z.enum(SIGNUP_POLICIES, e.signupPolicy),
      signup_domains: z
        .string()
        .max(5000)
        .default('')
        .transform((v) => [
          ...new Set(
            v
              .toLowerCase()
              .split(/[\s,;]+/)
              .filter(Boolean),
          ),
        ])
        .superRefine((domains, ctx) => {
          const bad = domains.find((d) => !DOMAIN.test(d));
          if (bad) ctx.addIssue({ code: 'custom', message: e.domain(bad.slice(0, 100)) });
        }),
      privacy_pl: text,
      privacy_en: text,
      terms_pl: text,
      terms_en: text,
      funding_emblem: z
        .unknown()
        .optional()
        .transform((v) => v !== undefined),
      funding_statement_pl: statement,
      funding_statement_en: statement,
      csv_separator: z.enum(CSV_SEPARATORS, e.separator),
      ask_profile: z
        .unknown()
        .optional()
        .transform((v) => v !== undefined),
      profile_consent_pl: consent,
      profile_consent_en: consent,
      disability_consent_pl: consent,
      disability_consent_en: consent,
      partner_name: z.string(e.partnerName).trim().max(100, e.partnerName).default(''),
      remove_logo: z
        .unknown()
        .optional()
        .transform((v) => v !== undefined),
      // Keys of the region's own logos only (anything else is ignored, never deleted).
      remove_partner: z.preprocess(
        (v) => list(v).filter((k) => typeof k === 'string' && k.startsWith('site/') && isMediaKey(k)),
        z.array(z.string()),
      ),
    })
    .superRefine((v, ctx) => {
      if (!v.languages.includes(v.default_language)) {
        ctx.addIssue({ code: 'custom', path: ['default_language'], message: e.defaultLanguage });
      }
      // Consent must be informed: the profile is asked for only with a text in every language offered.
      if (v.ask_profile) {
        for (const lang of v.languages as Language[]) {
          if (!v[`profile_consent_${lang}`]) ctx.addIssue({ code: 'custom', path: [`profile_consent_${lang}`], message: e.consentMissing });
          if (!v[`disability_consent_${lang}`])
            ctx.addIssue({ code: 'custom', path: [`disability_consent_${lang}`], message: e.consentMissing });
        }
      }
      if (v.signup_policy === 'domains' && v.signup_domains.length === 0) {
        ctx.addIssue({ code: 'custom', path: ['signup_domains'], message: e.domainsMissing });
      }
    })
    .transform((v) => ({
      ...v,
      languages: v.languages as Language[],
      privacy: { pl: v.privacy_pl, en: v.privacy_en },
      terms: { pl: v.terms_pl, en: v.terms_en },
      funding_statement: { pl: v.funding_statement_pl, en: v.funding_statement_en },
      profile_consent: { pl: v.profile_consent_pl, en: v.profile_consent_en },
      disability_consent: { pl: v.disability_consent_pl, en: v.disability_consent_en },
    }));
}
