import { Hono } from 'hono';
import { listMyLearning } from '../data/learning';
import type { AppEnv } from '../env';
import { render, requireUser } from '../middleware';
import { uiOf } from '../../views/context';
import { LearningPage } from '../../views/learning';

export const learningRoutes = new Hono<AppEnv>();

learningRoutes.get('/', requireUser, async (c) => {
  const entries = await listMyLearning(c.var.db, c.var.user!.id, c.var.lang);
  return render(c, <LearningPage ui={uiOf(c)} entries={entries} />);
});
