import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { secureHeaders } from 'hono/secure-headers';
import { refuseCrossOrigin } from './auth/csrf';
import { pruneRateLimits } from './auth/rate-limit';
import { pruneSessions } from './auth/session';
import { batchRows, createDb } from './db';
import type { AppEnv, Bindings } from './env';
import { loadRequestContext } from './http/context';
import { renderError } from './http/render';
import { accountRoutes } from './routes/account';
import { auditRoutes } from './routes/admin/audit';
import { bundleRoutes } from './routes/admin/bundles';
import { cohortRoutes } from './routes/admin/cohorts';
import { studioCourseRoutes } from './routes/admin/courses';
import { adminInvitationRoutes } from './routes/admin/invitations';
import { previewRoutes, studioLessonRoutes } from './routes/admin/lessons';
import { adminMediaRoutes } from './routes/admin/media';
import { studioOutlineRoutes } from './routes/admin/outline';
import { peopleRoutes } from './routes/admin/people';
import { reportRoutes } from './routes/admin/reports';
import { adminSettingsRoutes } from './routes/admin/settings';
import { authRoutes } from './routes/auth';
import { catalogueRoutes } from './routes/catalogue';
import { certificateRoutes } from './routes/certificates';
import { courseRoutes } from './routes/courses';
import { devRoutes } from './routes/dev';
import { invitationRoutes } from './routes/invitations';
import { languageRoutes } from './routes/language';
import { learningRoutes } from './routes/learning';
import { legalRoutes } from './routes/legal';
import { lessonRoutes } from './routes/lessons';
import { mediaRoutes } from './routes/media';
import { myDataRoutes } from './routes/my-data';
import { notebookRoutes } from './routes/notebook';
import { passwordResetRoutes } from './routes/password-reset';
import { setupRoutes } from './routes/setup';

export const app = new Hono<AppEnv>();

app.use(
  secureHeaders({
    // Scripts and styles only from our own origin: htmx is served from /assets, and no page uses
    // inline script, inline style or hx-on (which would need 'unsafe-eval').
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'"],
      imgSrc: ["'self'", 'data:'],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
      baseUri: ["'self'"],
      objectSrc: ["'none'"],
    },
  }),
);
app.use(loadRequestContext);
// Every unsafe method must come from our own origin, whatever its content type (src/auth/csrf.ts).
app.use(refuseCrossOrigin);

app.get('/', (c) => c.redirect('/courses', 302));
app.route('/', authRoutes);
app.route('/', passwordResetRoutes);
app.route('/account', accountRoutes);
app.route('/', languageRoutes);
app.route('/', certificateRoutes);
app.route('/courses', catalogueRoutes);
app.route('/courses', courseRoutes);
app.route('/courses', lessonRoutes);
app.route('/courses', notebookRoutes);
app.route('/learning', learningRoutes);
app.route('/admin', reportRoutes);
app.route('/admin', auditRoutes);
app.route('/admin', cohortRoutes);
app.route('/admin', previewRoutes);
app.route('/admin/courses', bundleRoutes);
app.route('/admin/courses', studioCourseRoutes);
app.route('/admin/courses', studioLessonRoutes);
app.route('/admin/courses', studioOutlineRoutes);
app.route('/admin/media', adminMediaRoutes);
app.route('/admin/invitations', adminInvitationRoutes);
app.route('/invitations', invitationRoutes);
app.route('/admin/people', peopleRoutes);
app.route('/admin/settings', adminSettingsRoutes);
app.route('/', legalRoutes);
app.route('/media', mediaRoutes);
app.route('/dev', devRoutes);
app.route('/setup', setupRoutes);
app.route('/account', myDataRoutes);

app.notFound((c) => renderError(c, 'notFound', 404));

app.onError((err, c) => {
  if (err instanceof HTTPException && err.status < 500) {
    if (!c.var.t) return err.getResponse();
    // A form body too large to read (src/routes/validation.ts).
    if (err.status === 413) return renderError(c, 'tooLarge', 413);
    // Malformed bodies: the page says to reload, status stays as thrown.
    return renderError(c, 'badRequest', err.status === 403 ? 403 : 400);
  }
  console.error(err);
  if (!c.var.t) return c.text('Internal Server Error', 500);
  return renderError(c, 'server', 500);
});

/** The daily cron (wrangler.toml [triggers]): remove sessions and sign-in counters that ended. */
export async function scheduled(controller: ScheduledController, env: Bindings) {
  const now = controller.scheduledTime || Date.now();
  await batchRows(createDb(env.DB), [pruneSessions(now), pruneRateLimits(now)]);
}

export default { fetch: app.fetch, scheduled } satisfies ExportedHandler<Bindings>;
