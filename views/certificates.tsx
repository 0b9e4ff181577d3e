import type { Certificate } from '../src/data/certificates';
import { formatDate } from '../src/i18n';
import { certificateCheckUrl } from '../src/urls';
import type { Ui } from './context';
import { FieldError, FundingNote, Layout, UserText } from './layout';

/** public/print.js: wires the print button (the CSP allows no inline script). */
const PRINT_SCRIPT = '/print.js';

/** The printable certificate (print CSS hides the site around it). */
export function CertificatePage({ ui, certificate, origin }: { ui: Ui; certificate: Certificate; origin: string }) {
  const { t } = ui;
  const verifyUrl = `${origin}/certificates/${certificate.code}`;
  return (
    <Layout ui={ui} title={t.certificate.title} scripts={[PRINT_SCRIPT]}>
      <article class="certificate" aria-labelledby="certificate-title">
        <p class="certificate-site">{ui.siteName}</p>
        <h1 id="certificate-title">{t.certificate.title}</h1>
        <p>{t.certificate.certifies}</p>
        <p class="certificate-name">
          <UserText>{certificate.name}</UserText>
        </p>
        <p>{t.certificate.completed}</p>
        <p class="certificate-course">{certificate.courseTitle}</p>
        <p>
          {t.certificate.on} {formatDate(certificate.issuedAt, ui.lang)}
        </p>
        <p class="certificate-issuer">{t.certificate.issuedBy(ui.settings.organisation || ui.siteName)}</p>
        <FundingNote ui={ui} />
        <dl class="certificate-code">
          <dt>{t.certificate.code}</dt>
          <dd>
            <code>{certificate.code}</code>
          </dd>
          <dt>{t.certificate.verifyAt}</dt>
          <dd>{verifyUrl}</dd>
        </dl>
      </article>
      <div class="actions no-print">
        {/* Hidden until print.js runs: without JavaScript the browser's own Print still works. */}
        <button type="button" class="button primary" data-print hidden>
          {t.certificate.print}
        </button>
        <a class="button" href={certificateCheckUrl(certificate.code)}>
          {t.certificate.verifyTitle}
        </a>
      </div>
    </Layout>
  );
}

/** Public verification: confirms validity and the certificate's own facts, nothing more. */
export function VerifyPage({ ui, certificate, code }: { ui: Ui; certificate: Certificate | null; code: string }) {
  const { t } = ui;
  return (
    <Layout ui={ui} title={t.certificate.verifyTitle}>
      <h1>{t.certificate.verifyTitle}</h1>
      <p>
        {t.certificate.code}: <code>{code}</code>
      </p>
      {certificate ? (
        <div class="result passed" role="status">
          <p>
            <strong>{t.certificate.valid}</strong>
          </p>
          <dl>
            <dt>{t.certificate.issuedTo}</dt>
            <dd>{certificate.holderDeleted ? <em>{t.myData.certificateDeleted}</em> : <UserText>{certificate.name}</UserText>}</dd>
            <dt>{t.certificate.course}</dt>
            <dd>{certificate.courseTitle}</dd>
            <dt>{t.certificate.date}</dt>
            <dd>{formatDate(certificate.issuedAt, ui.lang)}</dd>
          </dl>
          <p>{t.certificate.issuedBy(ui.settings.organisation || ui.siteName)}</p>
        </div>
      ) : (
        <div class="result failed" role="status">
          <p>
            <strong>{t.certificate.invalid}</strong>
          </p>
        </div>
      )}
      <CheckForm ui={ui} />
    </Layout>
  );
}

/** /certificates: type a code, land on its check page. A GET form: the result has its own URL. */
export function CheckPage({ ui, code, error }: { ui: Ui; code?: string; error?: string | undefined }) {
  const { t } = ui;
  return (
    <Layout ui={ui} title={t.certificate.verifyTitle}>
      <h1>{t.certificate.verifyTitle}</h1>
      <CheckForm ui={ui} code={code} error={error} />
    </Layout>
  );
}

function CheckForm({ ui, code, error }: { ui: Ui; code?: string | undefined; error?: string | undefined }) {
  const { t } = ui;
  const described = ['code-hint', error && 'code-error'].filter(Boolean).join(' ');
  return (
    <form method="get" action={certificateCheckUrl()} class="stack narrow check-form" novalidate>
      <div class="field">
        <label for="code">{t.certificate.code}</label>
        <p class="hint" id="code-hint">
          {t.certificate.checkLead}
        </p>
        <input
          id="code"
          name="code"
          type="text"
          value={code ?? ''}
          autocomplete="off"
          autocapitalize="characters"
          spellcheck={false}
          maxlength={40}
          required
          aria-invalid={error ? 'true' : undefined}
          aria-describedby={described}
        />
        <FieldError id="code-error" message={error} />
      </div>
      <button type="submit" class="button">
        {t.certificate.check}
      </button>
    </form>
  );
}
