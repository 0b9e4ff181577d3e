import { Hono } from 'hono';
import { ReportsPage } from '../../../views/admin/reports';
import { reportsRead } from '../../data/reports';
import type { AppEnv } from '../../env';
import { requireUser, signedIn } from '../../http/guards';
import { render } from '../../http/render';

export const reportRoutes = new Hono<AppEnv>();

reportRoutes.get('/', requireUser, async (c) => {
  const page = await signedIn(c, reportsRead(c.var.lang), { role: 'admin' });
  if (page instanceof Response) return page;
  const { courses, trainers } = page.value;
  return render(c, <ReportsPage ui={c.var.ui} report={courses} trainers={trainers} />);
});
