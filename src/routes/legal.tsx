import { Hono } from 'hono';
import { LegalPage } from '../../views/legal';
import type { Texts } from '../data/settings';
import { nothing } from '../db';
import type { AppEnv } from '../env';
import { load } from '../http/context';
import { render, renderError } from '../http/render';

/** The privacy notice and the terms of use that admins write in the region's settings. */
export const legalRoutes = new Hono<AppEnv>();

legalRoutes.get('/privacy', async (c) => {
  await load(c, nothing);
  return legalPage(c, c.var.t.settings.privacy, c.var.settings.privacyHtml);
});

legalRoutes.get('/terms', async (c) => {
  await load(c, nothing);
  return legalPage(c, c.var.t.settings.terms, c.var.settings.termsHtml);
});

/** In the page's language, else in the other one; 404 while neither has text. */
function legalPage(c: Parameters<typeof render>[0], title: string, html: Texts) {
  const lang = html[c.var.lang] ? c.var.lang : c.var.lang === 'pl' ? 'en' : 'pl';
  if (!html[lang]) return renderError(c, 'notFound', 404);
  return render(c, <LegalPage ui={c.var.ui} title={title} html={html[lang]} lang={lang} />);
}
