import { raw } from 'hono/html';
import type { Child } from 'hono/jsx';
import { assets } from '../src/generated/assets';
import { dictionaries } from '../src/i18n';
import {
  accountUrl,
  adminUrl,
  catalogueUrl,
  languageUrl,
  learningUrl,
  mediaUrl,
  privacyUrl,
  signInUrl,
  signOutUrl,
  termsUrl,
} from '../src/urls';
import type { Ui } from './context';

type LayoutProps = {
  ui: Ui;
  title: string;
  children: Child;
  wide?: boolean;
  /** Scripts from our own origin (public/) this page needs beyond htmx; the CSP allows no inline script. */
  scripts?: string[];
};

export function Layout({ ui, title, children, wide, scripts = [] }: LayoutProps) {
  const { t, lang, user } = ui;
  return (
    <>
      {raw('<!doctype html>')}
      <html lang={lang}>
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title>{`${title} · ${ui.siteName}`}</title>
          <link rel="icon" href="data:," />
          <link rel="stylesheet" href={assets.css} />
          <script src={assets.htmx} defer></script>
          {scripts.map((src) => (
            <script src={src} defer></script>
          ))}
        </head>
        <body>
          <a class="skip-link" href="#main">
            {t.skipToContent}
          </a>
          {/*
            One compact row on a phone: the brand and a "Menu" disclosure (<details>, so it works
            without JavaScript). From 48rem up, styles.css shows the menu's content inline and
            hides its toggle. The bar lines up with the page's own content column.
          */}
          <header class={wide ? 'site-header wide' : 'site-header'}>
            <div class="bar">
              <a class="brand" href={catalogueUrl()}>
                {ui.siteName}
              </a>
              <details class="menu">
                <summary>{t.nav.menu}</summary>
                <div class="menu-content">
                  <nav aria-label={t.nav.label}>
                    <ul class="nav-list">
                      <li>
                        <a href={catalogueUrl()}>{t.nav.catalogue}</a>
                      </li>
                      {user && (
                        <li>
                          <a href={learningUrl()}>{t.nav.myLearning}</a>
                        </li>
                      )}
                      {user?.role === 'admin' && (
                        <li>
                          <a href={adminUrl()}>{t.nav.admin}</a>
                        </li>
                      )}
                      {user && (
                        <li>
                          <a href={accountUrl()}>{t.account.navLink}</a>
                        </li>
                      )}
                      {user ? (
                        <li>
                          <form method="post" action={signOutUrl()} class="inline">
                            <button type="submit" class="link-button">
                              {t.nav.signOut}
                            </button>
                          </form>
                        </li>
                      ) : (
                        <li>
                          <a href={signInUrl()}>{t.nav.signIn}</a>
                        </li>
                      )}
                    </ul>
                  </nav>
                  <form method="post" action={languageUrl()} class="language-switch">
                    <input type="hidden" name="next" value={ui.path} />
                    <label for="language-select">{t.nav.language}</label>
                    <select id="language-select" name="lang">
                      {ui.settings.languages.map((code) => (
                        <option value={code} selected={code === lang} lang={code}>
                          {dictionaries[code].languageName}
                        </option>
                      ))}
                    </select>
                    <button type="submit">{t.nav.change}</button>
                  </form>
                </div>
              </details>
            </div>
          </header>
          <main id="main" class={wide ? 'wide' : undefined} tabindex={-1}>
            {children}
          </main>
          <SiteFooter ui={ui} />
        </body>
      </html>
    </>
  );
}

/**
 * The region's footer, from its settings: the organisation, a contact address, the privacy notice
 * and terms when they have text, the EU funding acknowledgement and the partners' logos.
 */
function SiteFooter({ ui }: { ui: Ui }) {
  const { t, settings } = ui;
  const hasText = (texts: Record<string, string>) => Object.values(texts).some(Boolean);
  const links = [
    hasText(settings.privacyHtml) && <a href={privacyUrl()}>{t.settings.privacyLink}</a>,
    hasText(settings.termsHtml) && <a href={termsUrl()}>{t.settings.termsLink}</a>,
    settings.contactEmail && (
      <a href={`mailto:${settings.contactEmail}`}>
        {t.settings.contact}: {settings.contactEmail}
      </a>
    ),
  ].filter(Boolean);
  return (
    <footer class="site-footer">
      <p>{settings.organisation || t.footer}</p>
      {links.length > 0 && (
        <ul class="footer-links">
          {links.map((link) => (
            <li>{link}</li>
          ))}
        </ul>
      )}
      <FundingNote ui={ui} />
      {settings.partnerLogos.length > 0 && (
        <ul class="partner-logos" aria-label={t.settings.partners}>
          {settings.partnerLogos.map((logo) => (
            <li>
              <img src={mediaUrl(logo.key)} alt={logo.name} loading="lazy" />
            </li>
          ))}
        </ul>
      )}
    </footer>
  );
}

/** The EU emblem with the funding statement beside it, when the region's settings say so. */
export function FundingNote({ ui }: { ui: Ui }) {
  const { settings, lang } = ui;
  if (!settings.fundingEmblem) return null;
  const statement = settings.fundingStatement[lang] || Object.values(settings.fundingStatement).find(Boolean) || '';
  return (
    <p class="funding">
      <img src={EU_EMBLEM} alt={statement} width="60" height="40" />
      <span aria-hidden="true">{statement}</span>
    </p>
  );
}

/** public/eu-emblem.svg: the flag of Europe. */
const EU_EMBLEM = '/eu-emblem.svg';

export function FieldError({ id, message }: { id: string; message: string | undefined }) {
  return message ? (
    <p class="field-error" id={id}>
      {message}
    </p>
  ) : null;
}

/** A native <progress>: role progressbar with its value exposed to assistive technology. */
export function ProgressBar({ ui, done, total, id }: { ui: Ui; done: number; total: number; id?: string }) {
  return (
    <div class="progress" id={id}>
      <progress value={done} max={Math.max(total, 1)} aria-label={ui.t.course.progressLabel}>
        {`${done}/${total}`}
      </progress>
      <p class="progress-text">{ui.t.course.progressText(done, total)}</p>
    </div>
  );
}

/**
 * A form that works without JavaScript (POST, then the server redirects back) and, with htmx,
 * swaps the response in place of the widget `target` (an element id) that holds it. While the
 * request is in flight htmx puts `htmx-request` on the form (the busy look in styles.css) and
 * disables its buttons, so a second tap on a slow link sends nothing.
 */
export function WidgetForm({
  action,
  target,
  children,
  describedBy,
}: {
  action: string;
  target: string;
  children: Child;
  describedBy?: string | undefined;
}) {
  return (
    <form
      method="post"
      action={action}
      hx-post={action}
      hx-target={`#${target}`}
      hx-swap="outerHTML"
      hx-indicator="this"
      hx-disable="findAll button"
      aria-describedby={describedBy}
    >
      {children}
    </form>
  );
}

/**
 * A table that may be wider than a phone: it scrolls sideways inside a labelled region that a
 * keyboard can focus (and so scroll), with a visible hint on narrow screens.
 */
export function ScrollTable({ ui, label, children }: { ui: Ui; label: string; children: Child }) {
  return (
    <section class="table-scroll" aria-label={label} tabindex={0}>
      <p class="table-hint">{ui.t.lesson.tableHint}</p>
      {children}
    </section>
  );
}

/** A trainer's name or other typed text, isolated so bidi controls in it cannot reorder the page around it. */
export function UserText({ children }: { children: Child }) {
  return <bdi>{children}</bdi>;
}
