import { raw } from 'hono/html';
import type { Child } from 'hono/jsx';
import { assets } from '../src/generated/assets';
import { LANGUAGES } from '../src/data/schema';
import { dictionaries } from '../src/i18n';
import type { Ui } from './context';

type LayoutProps = { ui: Ui; title: string; children: Child; wide?: boolean };

export function Layout({ ui, title, children, wide }: LayoutProps) {
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
        </head>
        <body>
          <a class="skip-link" href="#main">
            {t.skipToContent}
          </a>
          <header class="site-header">
            <div class="bar">
              <a class="brand" href="/courses">
                {ui.siteName}
              </a>
              <nav aria-label={t.nav.label}>
                <ul class="nav-list">
                  <li>
                    <a href="/courses">{t.nav.catalogue}</a>
                  </li>
                  {user && (
                    <li>
                      <a href="/learning">{t.nav.myLearning}</a>
                    </li>
                  )}
                  {user?.role === 'admin' && (
                    <li>
                      <a href="/admin">{t.nav.admin}</a>
                    </li>
                  )}
                  {user ? (
                    <li>
                      <form method="post" action="/sign-out" class="inline">
                        <button type="submit" class="link-button">
                          {t.nav.signOut}
                        </button>
                      </form>
                    </li>
                  ) : (
                    <li>
                      <a href="/sign-in">{t.nav.signIn}</a>
                    </li>
                  )}
                </ul>
              </nav>
              <form method="post" action="/language" class="language-switch">
                <input type="hidden" name="next" value={ui.path} />
                <label for="language-select">{t.nav.language}</label>
                <select id="language-select" name="lang">
                  {LANGUAGES.map((code) => (
                    <option value={code} selected={code === lang} lang={code}>
                      {dictionaries[code].languageName}
                    </option>
                  ))}
                </select>
                <button type="submit">{t.nav.change}</button>
              </form>
            </div>
          </header>
          <main id="main" class={wide ? 'wide' : undefined} tabindex={-1}>
            {children}
          </main>
          <footer class="site-footer">
            <p>{t.footer}</p>
          </footer>
        </body>
      </html>
    </>
  );
}

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
 * swaps the response in place of the widget `target` (an element id) that holds it.
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
      aria-describedby={describedBy}
    >
      {children}
    </form>
  );
}
