/** The region's settings, for admins: one form, sent as multipart because it carries the logos. */
import { LANGUAGES, SIGNUP_POLICIES } from '../../src/data/schema';
import { CSV_SEPARATORS, type PartnerLogo, type Texts } from '../../src/data/settings';
import { dictionaries } from '../../src/i18n';
import { adminSettingsUrl, mediaUrl } from '../../src/urls';
import type { Ui } from '../context';
import { FieldError, Layout } from '../layout';
import { StudioNav } from './courses';
import { type FieldErrors, Input, Notice, Select, TextArea } from './form';

/** The form as typed (or as saved): what the page shows in its fields. */
export type SettingsForm = {
  site_name: string;
  organisation: string;
  contact_email: string;
  languages: string[];
  default_language: string;
  signup_policy: string;
  signup_domains: string;
  privacy: Texts;
  terms: Texts;
  funding_emblem: boolean;
  funding_statement: Texts;
  csv_separator: string;
  ask_profile: boolean;
  profile_consent: Texts;
  disability_consent: Texts;
  partner_name: string;
  logoKey: string | null;
  partnerLogos: PartnerLogo[];
};

export function SettingsPage({ ui, form, errors, saved }: { ui: Ui; form: SettingsForm; errors: FieldErrors; saved?: boolean }) {
  const { t } = ui;
  const s = t.settings;
  const languageName = (lang: (typeof LANGUAGES)[number]) => dictionaries[lang].languageName;
  return (
    <Layout ui={ui} title={s.title} wide>
      <StudioNav ui={ui} />
      <h1>{s.title}</h1>
      <p class="lead">{s.lead}</p>
      <Notice message={saved ? s.saved : undefined} />
      <form method="post" action={adminSettingsUrl()} enctype="multipart/form-data" class="settings-form">
        <fieldset>
          <legend>{s.identity}</legend>
          <Input name="site_name" label={s.siteName} value={form.site_name} error={errors.site_name} maxlength={100} required />
          <Input
            name="organisation"
            label={s.organisation}
            value={form.organisation}
            hint={s.organisationHint}
            error={errors.organisation}
            maxlength={200}
          />
          <Input
            name="contact_email"
            type="email"
            label={s.contactEmail}
            value={form.contact_email}
            hint={s.contactEmailHint}
            error={errors.contact_email}
            maxlength={254}
          />
        </fieldset>

        <fieldset aria-describedby={errors.languages ? 'f-languages-error' : undefined}>
          <legend>{s.languagesLegend}</legend>
          {LANGUAGES.map((lang) => (
            <label class="check">
              <input type="checkbox" name="languages" value={lang} checked={form.languages.includes(lang)} /> {languageName(lang)}
            </label>
          ))}
          <FieldError id="f-languages-error" message={errors.languages} />
          <Select
            name="default_language"
            label={s.defaultLanguage}
            value={form.default_language}
            options={LANGUAGES.map((lang) => ({ value: lang, label: languageName(lang) }))}
            error={errors.default_language}
          />
        </fieldset>

        <fieldset aria-describedby={errors.signup_policy ? 'f-signup_policy-error' : undefined}>
          <legend>{s.signupLegend}</legend>
          {SIGNUP_POLICIES.map((policy) => (
            <label class="check">
              <input type="radio" name="signup_policy" value={policy} checked={form.signup_policy === policy} /> {s.policies[policy]}
            </label>
          ))}
          <FieldError id="f-signup_policy-error" message={errors.signup_policy} />
          <TextArea
            name="signup_domains"
            label={s.signupDomains}
            value={form.signup_domains}
            hint={s.signupDomainsHint}
            error={errors.signup_domains}
            rows={3}
          />
        </fieldset>

        <fieldset>
          <legend>{s.legal}</legend>
          <p class="hint">{s.legalHint}</p>
          {(['privacy', 'terms'] as const).map((text) =>
            LANGUAGES.map((lang) => (
              <TextArea
                name={`${text}_${lang}`}
                label={s.textIn(s[text], languageName(lang))}
                value={form[text][lang]}
                error={errors[`${text}_${lang}`]}
                lang={lang}
                rows={6}
              />
            )),
          )}
        </fieldset>

        <fieldset>
          <legend>{s.funding}</legend>
          <label class="check">
            <input type="checkbox" name="funding_emblem" value="1" checked={form.funding_emblem} /> {s.fundingEmblem}
          </label>
          {LANGUAGES.map((lang) => (
            <Input
              name={`funding_statement_${lang}`}
              label={s.textIn(s.fundingStatement, languageName(lang))}
              value={form.funding_statement[lang]}
              hint={lang === ui.lang ? s.fundingStatementHint : undefined}
              error={errors[`funding_statement_${lang}`]}
              lang={lang}
              maxlength={200}
            />
          ))}
        </fieldset>

        <fieldset>
          <legend>{s.reports}</legend>
          <Select
            name="csv_separator"
            label={s.csvSeparator}
            value={form.csv_separator}
            options={CSV_SEPARATORS.map((separator) => ({ value: separator, label: s.separators[separator] }))}
            error={errors.csv_separator}
          />
        </fieldset>

        <fieldset>
          <legend>{s.profile}</legend>
          <p class="hint">{s.profileHint}</p>
          <label class="check">
            <input type="checkbox" name="ask_profile" value="1" checked={form.ask_profile} /> {s.askProfile}
          </label>
          {(['profile_consent', 'disability_consent'] as const).map((text) =>
            LANGUAGES.map((lang) => (
              <TextArea
                name={`${text}_${lang}`}
                label={s.textIn(s[text === 'profile_consent' ? 'profileConsent' : 'disabilityConsent'], languageName(lang))}
                value={form[text][lang]}
                error={errors[`${text}_${lang}`]}
                lang={lang}
                maxlength={5000}
                rows={4}
              />
            )),
          )}
        </fieldset>

        <fieldset>
          <legend>{s.logos}</legend>
          {form.logoKey && (
            <div class="field">
              <p>{s.currentLogo}</p>
              <img class="settings-logo" src={mediaUrl(form.logoKey)} alt={form.site_name} />
              <label class="check">
                <input type="checkbox" name="remove_logo" value="1" /> {s.removeLogo}
              </label>
            </div>
          )}
          <FileInput name="logo" label={s.logo} error={errors.logo} />
          {form.partnerLogos.length > 0 && (
            <ul class="partner-list">
              {form.partnerLogos.map((logo) => (
                <li>
                  <img class="settings-logo" src={mediaUrl(logo.key)} alt={logo.name} />
                  <label class="check">
                    <input type="checkbox" name="remove_partner" value={logo.key} /> {s.removePartner(logo.name)}
                  </label>
                </li>
              ))}
            </ul>
          )}
          <FileInput name="partner_logo" label={s.partnerLogo} error={errors.partner_logo} />
          <Input
            name="partner_name"
            label={s.partnerName}
            value={form.partner_name}
            hint={s.partnerNameHint}
            error={errors.partner_name}
            maxlength={100}
          />
        </fieldset>
        <button type="submit">{s.save}</button>
      </form>
    </Layout>
  );
}

function FileInput({ name, label, error }: { name: string; label: string; error: string | undefined }) {
  const id = `f-${name}`;
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <input
        id={id}
        name={name}
        type="file"
        accept="image/png,image/jpeg,image/webp"
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
      />
      <FieldError id={`${id}-error`} message={error} />
    </div>
  );
}
