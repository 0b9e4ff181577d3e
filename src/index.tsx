import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { secureHeaders } from 'hono/secure-headers';
import { refuseCrossOrigin } from './auth/csrf';
import type { AppEnv } from './env';
import { loadRequestContext, renderError } from './middleware';
import { adminRoutes } from './routes/admin';
import { authRoutes } from './routes/auth';
import { certificateRoutes } from './routes/certificates';
import { courseRoutes } from './routes/courses';
import { languageRoutes } from './routes/language';
import { learningRoutes } from './routes/learning';
import { lessonRoutes } from './routes/lessons';

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
app.route('/', languageRoutes);
app.route('/courses', courseRoutes);
app.route('/courses', lessonRoutes);
app.route('/learning', learningRoutes);
app.route('/certificates', certificateRoutes);
app.route('/admin', adminRoutes);

app.notFound((c) => renderError(c, 'notFound', 404));

app.onError(async (err, c) => {
  if (err instanceof HTTPException && err.status < 500) {
    if (!c.var.t) return err.getResponse();
    if (err.status === 413) {
      // A form body too large to read (src/routes/validation.ts). renderError takes no 413, so
      // its page or fragment is sent again with that status.
      const page = await renderError(c, 'tooLarge', 400);
      return new Response(page.body, { status: 413, headers: page.headers });
    }
    // Malformed bodies: the page says to reload, status stays as thrown.
    return renderError(c, 'badRequest', err.status === 403 ? 403 : 400);
  }
  console.error(err);
  if (!c.var.t) return c.text('Internal Server Error', 500);
  return renderError(c, 'server', 500);
});

export default app;
