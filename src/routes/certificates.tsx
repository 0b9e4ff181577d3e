import { Hono } from 'hono';
import { z } from 'zod';
import { CertificatePage, CheckPage, VerifyPage } from '../../views/certificates';
import { certificateRead } from '../data/certificates';
import { nothing } from '../db';
import type { AppEnv } from '../env';
import { load } from '../http/context';
import { params, requireUser, signedIn } from '../http/guards';
import { render, renderError } from '../http/render';
import { certificateCheckUrl } from '../urls';
import { keyParam } from './validation';

export const certificateRoutes = new Hono<AppEnv>();

const codeParam = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);

/** The form to type a code into; sent (GET ?code=), it leads to that code's check page. */
certificateRoutes.get('/certificates', async (c) => {
  if (c.var.session) await load(c, nothing);
  const typed = c.req.query('code');
  if (typed === undefined) return render(c, <CheckPage ui={c.var.ui} />);
  const code = codeParam.safeParse(typed.slice(0, 100));
  if (!code.success) {
    return render(c, <CheckPage ui={c.var.ui} code={typed.slice(0, 40)} error={c.var.t.certificate.badCode} />, 422);
  }
  return c.redirect(certificateCheckUrl(code.data), 303);
});

/** Public: anyone holding a code can check it; the page shows the certificate's facts only. */
certificateRoutes.get('/certificates/:code', async (c) => {
  const code = codeParam.safeParse(c.req.param('code'));
  const { value: certificate } = await load(c, code.success ? certificateRead({ code: code.data }, c.var.lang) : nothing);
  // The code as it was looked up (trimmed, upper-case), not as typed.
  const shown = code.success ? code.data : c.req.param('code').trim().toUpperCase().slice(0, 40);
  const page = <VerifyPage ui={c.var.ui} certificate={certificate} code={shown} />;
  return render(c, page, certificate ? 200 : 404);
});

/** The holder's printable certificate for a course. */
certificateRoutes.get('/courses/:slug/certificate', requireUser, params(z.object({ slug: keyParam })), async (c) => {
  const { slug } = c.req.valid('param');
  const page = await signedIn(c, certificateRead({ me: c.var.me, slug }, c.var.lang));
  if (page instanceof Response) return page;
  if (!page.value) return renderError(c, 'notFound', 404);
  return render(c, <CertificatePage ui={c.var.ui} certificate={page.value} origin={new URL(c.req.url).origin} />);
});
