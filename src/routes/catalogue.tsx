import { Hono } from 'hono';
import { z } from 'zod';
import { CataloguePage } from '../../views/catalogue';
import { catalogueRead } from '../data/catalogue';
import type { AppEnv } from '../env';
import { load } from '../http/context';
import { cachePublicPage } from '../http/page-cache';
import { render } from '../http/render';
import { languageField } from './validation';

export const catalogueRoutes = new Hono<AppEnv>();

const catalogueQuery = z.object({ lang: z.union([languageField, z.literal('')]).optional() });

catalogueRoutes.get('/', cachePublicPage, async (c) => {
  const parsed = catalogueQuery.safeParse(c.req.query());
  const filter = parsed.success && parsed.data.lang ? parsed.data.lang : null;
  const { value: courses } = await load(c, catalogueRead(c.var.lang, c.var.me, filter));
  return render(c, <CataloguePage ui={c.var.ui} courses={courses} filter={filter} />, parsed.success ? 200 : 422);
});
