import { Hono } from 'hono';
import { z } from 'zod';
import { findCertificate } from '../data/certificates';
import type { AppEnv } from '../env';
import { render } from '../middleware';
import { VerifyPage } from '../../views/certificate';
import { uiOf } from '../../views/context';

export const certificateRoutes = new Hono<AppEnv>();

const codeParam = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);

/** Public: anyone holding a code can check it; the page shows the certificate's facts only. */
certificateRoutes.get('/:code', async (c) => {
  const code = codeParam.safeParse(c.req.param('code'));
  const certificate = code.success ? await findCertificate(c.var.db, { code: code.data }, c.var.lang) : null;
  const page = <VerifyPage ui={uiOf(c)} certificate={certificate} code={c.req.param('code')} />;
  return render(c, page, certificate ? 200 : 404);
});
