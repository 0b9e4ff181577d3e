import { Hono } from 'hono';
import { listCourseReport } from '../data/learning';
import type { AppEnv } from '../env';
import { render, requireAdmin } from '../middleware';
import { AdminPage } from '../../views/admin';
import { uiOf } from '../../views/context';

export const adminRoutes = new Hono<AppEnv>();

adminRoutes.use(requireAdmin);

adminRoutes.get('/', async (c) => {
  const [report, [counts]] = await listCourseReport(c.var.db, c.var.lang);
  return render(c, <AdminPage ui={uiOf(c)} report={report} trainers={counts?.trainers ?? 0} />);
});
