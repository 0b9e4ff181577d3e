import { Hono } from 'hono';
import { AuditPage } from '../../../views/admin/versions';
import { auditRead } from '../../data/admin/audit';
import type { AppEnv } from '../../env';
import { requireUser, signedIn } from '../../http/guards';
import { render } from '../../http/render';

export const auditRoutes = new Hono<AppEnv>();

auditRoutes.get('/audit', requireUser, async (c) => {
  const page = await signedIn(c, auditRead(), { role: 'admin' });
  if (page instanceof Response) return page;
  return render(c, <AuditPage ui={c.var.ui} entries={page.value} />);
});
