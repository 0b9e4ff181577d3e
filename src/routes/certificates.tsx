import { Hono } from 'hono';
import { z } from 'zod';
import { findCertificate } from '../data/certificates';
import type { AppEnv } from '../env';
import { render } from '../middleware';
import { CheckPage, VerifyPage } from '../../views/certificate';
import { uiOf } from '../../views/context';

export const certificateRoutes = new Hono<AppEnv>();

const codeParam = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);

/** The form to type a code into; sent (GET ?code=), it leads to that code's check page. */
certificateRoutes.get('/', (c) => {
  const typed = c.req.query('code');
  if (typed === undefined) return render(c, <CheckPage ui={uiOf(c)} />);
  const code = codeParam.safeParse(typed.slice(0, 100));
  if (!code.success) {
    return render(c, <CheckPage ui={uiOf(c)} code={typed.slice(0, 40)} error={c.var.t.certificate.badCode} />, 422);
  }
  return c.redirect(`/certificates/${code.data}`, 303);
});

/** Public: anyone holding a code can check it; the page shows the certificate's facts only. */
certificateRoutes.get('/:code', async (c) => {
  const code = codeParam.safeParse(c.req.param('code'));
  const certificate = code.success ? await findCertificate(c.var.db, { code: code.data }, c.var.lang) : null;
  // The code as it was looked up (trimmed, upper-case), not as typed.
  const shown = code.success ? code.data : c.req.param('code').trim().toUpperCase().slice(0, 40);
  const page = <VerifyPage ui={uiOf(c)} certificate={certificate} code={shown} />;
  return render(c, page, certificate ? 200 : 404);
});
