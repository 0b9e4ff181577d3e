/**
 * People, for admins: the list with its search and filters, a person's page, and the writes on an
 * account (role, deactivate, reactivate). `requireUser` sends visitors to sign in, `signedIn(…,
 * ADMIN)` answers trainers 403, and every write also checks in its own SQL that an active admin
 * makes it (src/data/admin/people.ts). One D1 round trip per page and per write.
 */
import { type Context, Hono } from 'hono';
import { z } from 'zod';
import { type FilterErrors, type FilterValues, PeoplePage, PeopleResults, PersonPage } from '../../../views/admin/people';
import {
  ACCOUNT_STATES,
  changeRoleWrites,
  deactivateWrites,
  filterOptionsRead,
  LEARNING_STATES,
  type PeopleFilter,
  type Person,
  peopleRead,
  personRead,
  reactivateWrites,
} from '../../data/admin/people';
import { ROLES } from '../../data/schema';
import type { AppEnv } from '../../env';
import { params, requireUser, signedIn } from '../../http/guards';
import { render, renderError } from '../../http/render';
import type { Dictionary } from '../../i18n';
import { personUrl } from '../../urls';
import { echoed, fieldErrors, readForm } from '../validation';
import { ADMIN, actor, idParam } from './shared';

export const peopleRoutes = new Hono<AppEnv>();

peopleRoutes.use(requireUser);

const personParams = params(z.object({ id: idParam }));

const MAX_QUERY = 200;

/** An empty select ("any") is no filter. */
const optional = <T extends z.ZodType>(schema: T) => z.preprocess((value) => (value === '' ? undefined : value), schema.optional());

const filterSchema = (t: Dictionary) => {
  const unknown = t.people.errors.unknown;
  const id = z.coerce
    .number(unknown)
    .int(unknown)
    .positive(unknown)
    .max(2 ** 31, unknown);
  return z
    .object({
      q: z.string().trim().max(MAX_QUERY, t.people.errors.tooLong).default(''),
      course: optional(id),
      cohort: optional(id),
      role: optional(z.enum(ROLES, unknown)),
      state: optional(z.enum(ACCOUNT_STATES, unknown)),
      learning: optional(z.enum(LEARNING_STATES, unknown)),
      page: optional(z.coerce.number(t.people.errors.page).int(t.people.errors.page).min(1, t.people.errors.page).max(100_000)),
    })
    .refine((f) => !f.learning || f.course !== undefined, { path: ['learning'], message: t.people.errors.learningNeedsCourse });
};

/**
 * The list, or with a filter it cannot read, the form again with a message per field (422) and no
 * results. An htmx request from the filter form gets only the results section; a history restore
 * (htmx asks for the whole page) and a plain request get the page. (No browser cache keeps either:
 * signed-in pages are `private, no-cache`, see src/http/context.ts.)
 */
peopleRoutes.get('/', async (c) => {
  const { t, lang } = c.var;
  const query = c.req.query();
  const values: FilterValues = {
    q: echoed(query.q, MAX_QUERY),
    course: echoed(query.course, 20),
    cohort: echoed(query.cohort, 20),
    role: echoed(query.role, 20),
    state: echoed(query.state, 20),
    learning: echoed(query.learning, 20),
  };
  const parsed = filterSchema(t).safeParse(query);
  if (!parsed.success) {
    const page = await signedIn(c, filterOptionsRead(lang), ADMIN);
    if (page instanceof Response) return page;
    const props = { ui: c.var.ui, options: page.value, values, errors: fieldErrors(parsed.error) as FilterErrors, list: null, page: 1 };
    return partial(c) ? c.html(<PeopleResults {...props} />, 422) : render(c, <PeoplePage {...props} />, 422);
  }
  const { course, cohort, role, state, learning, page: number = 1, q } = parsed.data;
  const filter: PeopleFilter = {
    q,
    course: course ?? null,
    cohort: cohort ?? null,
    role: role ?? null,
    state: state ?? null,
    learning: learning ?? null,
    page: number,
  };
  const page = await signedIn(c, peopleRead(filter, lang), ADMIN);
  if (page instanceof Response) return page;
  const props = { ui: c.var.ui, options: page.value.options, values, errors: {}, list: page.value.list, page: number };
  return partial(c) ? c.html(<PeopleResults {...props} />) : render(c, <PeoplePage {...props} />);
});

const partial = (c: Context<AppEnv>) => c.req.header('HX-Request') === 'true' && c.req.header('HX-Request-Type') === 'partial';

peopleRoutes.get('/:id', personParams, async (c) => {
  const { id } = c.req.valid('param');
  const page = await signedIn(c, personRead(id, c.var.lang), ADMIN);
  if (page instanceof Response) return page;
  if (!page.value) return renderError(c, 'notFound', 404);
  const p = c.var.t.people;
  const done = c.req.query('done');
  const notice =
    done === 'role' ? p.roleChanged : done === 'deactivated' ? p.deactivated : done === 'reactivated' ? p.reactivated : undefined;
  return render(c, <PersonPage ui={c.var.ui} person={page.value} notice={notice} />);
});

/** A refused write: the person's page again with the reason, nothing written. */
const refuse = (c: Context<AppEnv>, person: Person, error: string) =>
  render(c, <PersonPage ui={c.var.ui} person={person} error={error} />, 422);

/** The UPDATE (second statement: the audit line comes first) returned the row: it changed. */
const changed = (written: unknown[][]) => (written[1]?.length ?? 0) > 0;

const roleSchema = z.object({ role: z.enum(ROLES) });

peopleRoutes.post('/:id/role', personParams, async (c) => {
  const { id } = c.req.valid('param');
  const parsed = roleSchema.safeParse(await readForm(c.req));
  const writes = parsed.success ? changeRoleWrites(id, parsed.data.role, actor(c)) : [];
  const page = await signedIn(c, personRead(id, c.var.lang), { ...ADMIN, writes });
  if (page instanceof Response) return page;
  if (!page.value) return renderError(c, 'notFound', 404);
  if (!parsed.success) return refuse(c, page.value, c.var.t.people.errors.unknown);
  if (changed(page.written)) return c.redirect(personUrl(id, 'role'), 303);
  // Nothing changed: already that role (a second click), or the last active admin.
  if (page.value.account.role === parsed.data.role) return c.redirect(personUrl(id), 303);
  return refuse(c, page.value, c.var.t.people.lastAdmin);
});

peopleRoutes.post('/:id/deactivate', personParams, async (c) => {
  const { id } = c.req.valid('param');
  const page = await signedIn(c, personRead(id, c.var.lang), { ...ADMIN, writes: deactivateWrites(id, actor(c)) });
  if (page instanceof Response) return page;
  if (!page.value) return renderError(c, 'notFound', 404);
  if (changed(page.written)) return c.redirect(personUrl(id, 'deactivated'), 303);
  if (id === page.user.id) return refuse(c, page.value, c.var.t.people.notYourself);
  if (page.value.account.deactivatedAt !== null) return c.redirect(personUrl(id), 303);
  return refuse(c, page.value, c.var.t.people.lastAdmin);
});

peopleRoutes.post('/:id/reactivate', personParams, async (c) => {
  const { id } = c.req.valid('param');
  const page = await signedIn(c, personRead(id, c.var.lang), { ...ADMIN, writes: reactivateWrites(id, actor(c)) });
  if (page instanceof Response) return page;
  if (!page.value) return renderError(c, 'notFound', 404);
  // Already active (a second click): nothing to do.
  return c.redirect(personUrl(id, changed(page.written) ? 'reactivated' : undefined), 303);
});
