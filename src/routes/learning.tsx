import { Hono } from 'hono';
import { LearningPage } from '../../views/learning';
import { learningRead } from '../data/learning';
import type { AppEnv } from '../env';
import { requireUser, signedIn } from '../http/guards';
import { render } from '../http/render';

export const learningRoutes = new Hono<AppEnv>();

learningRoutes.get('/', requireUser, async (c) => {
  const page = await signedIn(c, learningRead(c.var.lang, c.var.me));
  if (page instanceof Response) return page;
  return render(c, <LearningPage ui={c.var.ui} learning={page.value} />);
});
