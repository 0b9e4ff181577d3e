import { raw } from 'hono/html';
import type { Ui } from './context';
import { Layout } from './layout';

/**
 * /privacy or /terms: the HTML rendered from the admin's Markdown by src/markdown.ts when the
 * settings were saved (raw HTML in the Markdown is escaped there, links are checked).
 */
export function LegalPage({ ui, title, html, lang }: { ui: Ui; title: string; html: string; lang: string }) {
  return (
    <Layout ui={ui} title={title}>
      <h1>{title}</h1>
      <div class="prose" lang={lang === ui.lang ? undefined : lang}>
        {raw(html)}
      </div>
    </Layout>
  );
}
