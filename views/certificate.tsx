import type { Certificate } from '../src/data/certificates';
import { formatDate } from '../src/i18n';
import type { Ui } from './context';
import { Layout } from './layout';

/** The printable certificate (print CSS hides the site around it). */
export function CertificatePage({ ui, certificate, origin }: { ui: Ui; certificate: Certificate; origin: string }) {
  const { t } = ui;
  const verifyUrl = `${origin}/certificates/${certificate.code}`;
  return (
    <Layout ui={ui} title={t.certificate.title}>
      <article class="certificate" aria-labelledby="certificate-title">
        <p class="certificate-site">{ui.siteName}</p>
        <h1 id="certificate-title">{t.certificate.title}</h1>
        <p>{t.certificate.certifies}</p>
        <p class="certificate-name">{certificate.name}</p>
        <p>{t.certificate.completed}</p>
        <p class="certificate-course">{certificate.courseTitle}</p>
        <p>
          {t.certificate.on} {formatDate(certificate.issuedAt, ui.lang)}
        </p>
        <dl class="certificate-code">
          <dt>{t.certificate.code}</dt>
          <dd>
            <code>{certificate.code}</code>
          </dd>
          <dt>{t.certificate.verifyAt}</dt>
          <dd>{verifyUrl}</dd>
        </dl>
      </article>
      <p class="no-print">
        <a class="button" href={`/certificates/${certificate.code}`}>
          {t.certificate.verifyTitle}
        </a>
      </p>
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
            <dd>{certificate.name}</dd>
            <dt>{t.certificate.course}</dt>
            <dd>{certificate.courseTitle}</dd>
            <dt>{t.certificate.date}</dt>
            <dd>{formatDate(certificate.issuedAt, ui.lang)}</dd>
          </dl>
        </div>
      ) : (
        <div class="result failed" role="status">
          <p>
            <strong>{t.certificate.invalid}</strong>
          </p>
        </div>
      )}
    </Layout>
  );
}
