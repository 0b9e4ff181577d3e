/**
 * The Studio's courses: list and create, the course editor (settings, modules and the order of
 * lessons), publishing with its check and its "what changes", versions and rollback. Admins only:
 * `requireUser` sends visitors to sign in, `signedIn(…, { role: 'admin' })` answers trainers 403,
 * and every write also checks the role in its own SQL (src/data/admin/courses.ts).
 */
import type { SQL } from 'drizzle-orm';
import { type Context, Hono } from 'hono';
import { z } from 'zod';
import { CourseEditorPage, CoursesPage, type NewCourseValues, type SettingsValues } from '../../../views/admin/courses';
import { type Changes, type Problem, PublishPage, VersionPage, VersionsPage } from '../../../views/admin/versions';
import type { CourseDoc } from '../../content/bundle';
import { translateCheck } from '../../content/messages';
import { validateDoc } from '../../content/validate';
import {
  addModuleWrites,
  createCourseWrites,
  type Draft,
  deleteWrites,
  docOfDraft,
  draftRead,
  duplicateWrites,
  moveWrites,
  renameModuleWrites,
  saveSettingsWrites,
  studioCoursesRead,
} from '../../data/admin/courses';
import { keyCandidates } from '../../data/admin/keys';
import {
  archiveCourse,
  latestDocRead,
  progressByLessonRead,
  publishWrites,
  rollbackWrites,
  unpublishWrites,
  versionRead,
  versionsRead,
} from '../../data/admin/versions';
import { FAMILIES, LANGUAGES } from '../../data/schema';
import { readAll } from '../../db';
import type { AppEnv } from '../../env';
import { params, requireUser, signedIn } from '../../http/guards';
import { forgetContentVersion } from '../../http/page-cache';
import { render, renderError } from '../../http/render';
import type { Dictionary } from '../../i18n';
import { studioCourseUrl, studioLessonUrl, studioUrl, versionsUrl } from '../../urls';
import { fieldErrors, keyParam, readForm } from '../validation';
import { localizedField, stringField } from './forms';
import { ADMIN, actor, idParam } from './shared';

export const studioCourseRoutes = new Hono<AppEnv>();

studioCourseRoutes.use(requireUser);

const courseParams = params(
  z.object({
    id: idParam,
  }),
);
const moduleParams = params(
  z.object({
    id: idParam,
    moduleId: idParam,
  }),
);

/** The one batch of a Studio write: the writes, then the draft as the editor shows it again. */
async function writeDraft(c: Context<AppEnv>, courseId: number, writes: SQL[]) {
  return signedIn(c, draftRead(courseId), { ...ADMIN, writes });
}

studioCourseRoutes.get('/', async (c) => {
  const page = await signedIn(c, studioCoursesRead(), ADMIN);
  if (page instanceof Response) return page;
  return render(c, <CoursesPage ui={c.var.ui} courses={page.value} />);
});

const newCourseSchema = (t: AppEnv['Variables']['t']) =>
  z.object({
    title: z.string(t.studio.titleRequired).trim().min(1, t.studio.titleRequired).max(200),
    slug: keyParam.max(80),
    family: z.enum(FAMILIES),
    mainLanguage: z.enum(LANGUAGES),
    estimatedMinutes: z.coerce
      .number(t.studio.invalidNumber)
      .int(t.studio.invalidNumber)
      .min(1, t.studio.invalidNumber)
      .max(100_000, t.studio.invalidNumber),
    summary: z.string().trim().max(2000).default(''),
  });

studioCourseRoutes.post('/', async (c) => {
  const { t } = c.var;
  const form = await readForm(c.req);
  const values: NewCourseValues = Object.fromEntries(
    ['title', 'slug', 'family', 'mainLanguage', 'estimatedMinutes', 'summary'].map((name) => [name, stringField(form, name, 2000)]),
  );
  const parsed = newCourseSchema(t).safeParse(form);
  const writes = parsed.success ? createCourseWrites(parsed.data, actor(c)) : [];
  const page = await signedIn(c, studioCoursesRead(), { ...ADMIN, writes });
  if (page instanceof Response) return page;
  if (!parsed.success) {
    const errors = fieldErrors(parsed.error);
    if (errors.slug) errors.slug = t.studio.invalidKey;
    return render(c, <CoursesPage ui={c.var.ui} courses={page.value} values={values} errors={errors} />, 422);
  }
  const created = page.written[0]?.[0] as { id: number } | undefined;
  if (!created) {
    return render(c, <CoursesPage ui={c.var.ui} courses={page.value} values={values} errors={{ slug: t.studio.slugTaken }} />, 422);
  }
  return c.redirect(studioCourseUrl(created.id), 303);
});

studioCourseRoutes.get('/:id', courseParams, async (c) => {
  const { id } = c.req.valid('param');
  const page = await signedIn(c, draftRead(id), ADMIN);
  if (page instanceof Response) return page;
  if (!page.value) return renderError(c, 'notFound', 404);
  const notice = noticeOf(c, page.value);
  // Sent here from the publish page: the check's messages on the fields they are about.
  const check = c.req.query('check') ? settingsProblems(c.var.t, page.value) : { errors: {}, others: [] };
  return render(c, <CourseEditorPage ui={c.var.ui} draft={page.value} notice={notice} errors={check.errors} problems={check.others} />);
});

/** A message the previous write asked for with `?done=…` (after its 303). */
function noticeOf(c: Context<AppEnv>, draft: Draft): string | undefined {
  const { studio } = c.var.t;
  const done = c.req.query('done');
  if (done === 'saved') return studio.saved;
  if (done === 'imported') return studio.imported;
  if (done === 'published' && draft.latestVersion) return studio.published(draft.latestVersion.number);
  return undefined;
}

const settingsSchema = (t: AppEnv['Variables']['t']) =>
  z.object({
    slug: keyParam.max(80),
    family: z.enum(FAMILIES),
    mainLanguage: z.enum(LANGUAGES),
    estimatedMinutes: z.coerce.number().int().min(1).max(100_000),
    revision: z.coerce.number().int().min(0),
    title: z.record(z.string(), z.string().max(200)).refine((v) => Object.keys(v).length > 0, t.studio.titleRequired),
  });

studioCourseRoutes.post('/:id', courseParams, async (c) => {
  const { id } = c.req.valid('param');
  const { t } = c.var;
  const form = await readForm(c.req);
  const title = localizedField(form, 'title', 200);
  const summary = localizedField(form, 'summary', 2000);
  const values: SettingsValues = {
    slug: stringField(form, 'slug', 80),
    family: stringField(form, 'family', 40),
    mainLanguage: stringField(form, 'mainLanguage', 5),
    estimatedMinutes: stringField(form, 'estimatedMinutes', 10),
    title,
    summary,
    revision: Number(stringField(form, 'revision', 12)) || 0,
  };
  const parsed = settingsSchema(t).safeParse({ ...form, title });
  const mainTitle = parsed.success ? title[parsed.data.mainLanguage] : undefined;
  const writes = parsed.success && mainTitle ? saveSettingsWrites(id, { ...parsed.data, title, summary }, actor(c)) : [];
  const page = await writeDraft(c, id, writes);
  if (page instanceof Response) return page;
  const draft = page.value;
  if (!draft) return renderError(c, 'notFound', 404);
  if (!parsed.success || !mainTitle) {
    const errors = parsed.success ? {} : fieldErrors(parsed.error);
    if (errors.slug) errors.slug = t.studio.invalidKey;
    if (errors.estimatedMinutes) errors.estimatedMinutes = t.studio.invalidNumber;
    if (!mainTitle) errors[`title.${parsed.success ? parsed.data.mainLanguage : draft.mainLanguage}`] = t.studio.titleRequired;
    return render(c, <CourseEditorPage ui={c.var.ui} draft={draft} values={values} errors={errors} />, 422);
  }
  if (!page.written[0]?.length) {
    // Not saved: another admin saved first (the revision moved on), or the address is taken.
    const conflict = draft.revision !== parsed.data.revision;
    const errors = conflict ? { slug: undefined } : { slug: t.studio.slugTaken };
    const notice = conflict ? t.studio.conflict : undefined;
    return render(
      c,
      <CourseEditorPage ui={c.var.ui} draft={draft} values={{ ...values, revision: draft.revision }} errors={errors} notice={notice} />,
      422,
    );
  }
  return c.redirect(`${studioCourseUrl(id)}?done=saved`, 303);
});

studioCourseRoutes.post('/:id/modules', courseParams, async (c) => {
  const { id } = c.req.valid('param');
  const form = await readForm(c.req);
  const title = stringField(form, 'title', 200).trim();
  const writes = title ? addModuleWrites(id, { text: title, keys: keyCandidates(title) }, actor(c)) : [];
  const page = await writeDraft(c, id, writes);
  if (page instanceof Response) return page;
  if (!page.value) return renderError(c, 'notFound', 404);
  if (!title)
    return render(c, <CourseEditorPage ui={c.var.ui} draft={page.value} errors={{ moduleTitle: c.var.t.studio.titleRequired }} />, 422);
  return c.redirect(studioCourseUrl(id), 303);
});

studioCourseRoutes.post('/:id/modules/:moduleId', moduleParams, async (c) => {
  const { id, moduleId } = c.req.valid('param');
  const form = await readForm(c.req);
  const title = localizedField(form, 'title', 200);
  const writes = Object.keys(title).length ? renameModuleWrites(id, { id: moduleId, title }, actor(c)) : [];
  const page = await writeDraft(c, id, writes);
  if (page instanceof Response) return page;
  const draft = page.value;
  const module = draft?.modules.find((m) => m.id === moduleId);
  if (!draft || !module) return renderError(c, 'notFound', 404);
  if (!title[draft.mainLanguage]) {
    return render(c, <CourseEditorPage ui={c.var.ui} draft={draft} errors={{ moduleTitle: c.var.t.studio.titleRequired }} />, 422);
  }
  return c.redirect(studioCourseUrl(id), 303);
});

const direction = z.object({ direction: z.enum(['up', 'down']) });

studioCourseRoutes.post('/:id/modules/:moduleId/move', moduleParams, async (c) => {
  const { id, moduleId } = c.req.valid('param');
  const parsed = direction.safeParse(await readForm(c.req));
  const writes = parsed.success ? moveWrites(id, { table: 'modules', id: moduleId, direction: parsed.data.direction }, actor(c)) : [];
  const page = await writeDraft(c, id, writes);
  if (page instanceof Response) return page;
  if (!page.value?.modules.some((m) => m.id === moduleId)) return renderError(c, 'notFound', 404);
  if (!parsed.success) return renderError(c, 'badRequest', 422);
  return c.redirect(studioCourseUrl(id), 303);
});

studioCourseRoutes.post('/:id/modules/:moduleId/delete', moduleParams, async (c) => {
  const { id, moduleId } = c.req.valid('param');
  const page = await writeDraft(c, id, deleteWrites(id, { table: 'modules', id: moduleId, label: String(moduleId) }, actor(c)));
  if (page instanceof Response) return page;
  if (!page.value || !page.written.at(-1)?.length) return renderError(c, 'notFound', 404);
  return c.redirect(studioCourseUrl(id), 303);
});

/** The draft against the latest version: what publishing it would change for trainers. */
function changesOf(doc: CourseDoc, latest: CourseDoc | null, progress: Map<string, number>, lang: 'pl' | 'en'): Changes {
  const title = (l: CourseDoc['modules'][number]['lessons'][number]) => l.title[lang] ?? l.title[doc.mainLanguage] ?? l.key;
  const now = new Map(doc.modules.flatMap((m) => m.lessons).map((l) => [l.key, l]));
  const before = new Map((latest?.modules ?? []).flatMap((m) => m.lessons).map((l) => [l.key, l]));
  return {
    added: [...now.values()].filter((l) => !before.has(l.key)).map(title),
    removed: [...before.values()].filter((l) => !now.has(l.key)).map((l) => ({ title: title(l), trainers: progress.get(l.key) ?? 0 })),
    changed: [...now.values()].filter((l) => before.has(l.key) && JSON.stringify(before.get(l.key)) !== JSON.stringify(l)).map(title),
  };
}

/** The check's problems, each linking to the page whose fields it marks (`?check=1`). */
function problemsOf(t: Dictionary, draft: Draft, doc: CourseDoc): Problem[] {
  const lessons = draft.modules.flatMap((m) => m.lessons);
  return validateDoc(doc).map((p) => {
    const lesson = p.lesson ? lessons.find((l) => l.key === p.lesson) : undefined;
    const module = p.module ? draft.modules.find((m) => m.key === p.module) : undefined;
    const where = lesson?.title[draft.mainLanguage] ?? module?.title[draft.mainLanguage] ?? draft.title[draft.mainLanguage] ?? draft.slug;
    const href = lesson ? `${studioLessonUrl(draft.id, lesson.id)}?check=1` : `${studioCourseUrl(draft.id)}?check=1`;
    return { where, message: translateCheck(t.studio.check, p.message), href };
  });
}

/** The check's messages on the settings fields (the course's own problems) and about modules. */
function settingsProblems(t: Dictionary, draft: Draft): { errors: Record<string, string>; others: string[] } {
  const errors: Record<string, string> = {};
  const others: string[] = [];
  for (const p of validateDoc(docOfDraft(draft))) {
    if (p.lesson) continue;
    const message = translateCheck(t.studio.check, p.message);
    if (!p.module && p.field && !errors[p.field]) errors[p.field] = message;
    else
      others.push(
        `${p.module ? `${draft.modules.find((m) => m.key === p.module)?.title[draft.mainLanguage] ?? p.module}: ` : ''}${message}`,
      );
  }
  return { errors, others };
}

const publishRead = (id: number) => readAll({ draft: draftRead(id), latest: latestDocRead(id), progress: progressByLessonRead(id) });

studioCourseRoutes.get('/:id/publish', courseParams, async (c) => {
  const { id } = c.req.valid('param');
  const page = await signedIn(c, publishRead(id), ADMIN);
  if (page instanceof Response) return page;
  const { draft, latest, progress } = page.value;
  if (!draft) return renderError(c, 'notFound', 404);
  const doc = docOfDraft(draft);
  const same = latest !== null && JSON.stringify(latest) === JSON.stringify(doc);
  return render(
    c,
    <PublishPage
      ui={c.var.ui}
      draft={draft}
      problems={problemsOf(c.var.t, draft, doc)}
      changes={changesOf(doc, latest, progress, c.var.lang)}
      nothingToPublish={same && draft.state === 'published'}
    />,
  );
});

/**
 * Two round trips: the draft is read and checked (and its Markdown rendered) in the Worker, then
 * published in one batch. A save made in between stays in the draft, marked unpublished.
 */
studioCourseRoutes.post('/:id/publish', courseParams, async (c) => {
  const { id } = c.req.valid('param');
  const note = stringField(await readForm(c.req), 'note', 500).trim();
  const page = await signedIn(c, publishRead(id), ADMIN);
  if (page instanceof Response) return page;
  const { draft, latest, progress } = page.value;
  if (!draft) return renderError(c, 'notFound', 404);
  const doc = docOfDraft(draft);
  const problems = problemsOf(c.var.t, draft, doc);
  if (problems.length > 0) {
    const changes = changesOf(doc, latest, progress, c.var.lang);
    return render(c, <PublishPage ui={c.var.ui} draft={draft} problems={problems} changes={changes} nothingToPublish={false} />, 422);
  }
  const published = await signedIn(c, draftRead(id), { ...ADMIN, writes: publishWrites(id, doc, note, actor(c)) });
  if (published instanceof Response) return published;
  await forgetContentVersion();
  return c.redirect(`${studioCourseUrl(id)}?done=published`, 303);
});

studioCourseRoutes.post('/:id/unpublish', courseParams, async (c) => {
  const { id } = c.req.valid('param');
  const page = await writeDraft(c, id, unpublishWrites(id, actor(c)));
  if (page instanceof Response) return page;
  if (!page.value) return renderError(c, 'notFound', 404);
  await forgetContentVersion();
  return c.redirect(studioCourseUrl(id), 303);
});

studioCourseRoutes.post('/:id/archive', courseParams, async (c) => {
  const { id } = c.req.valid('param');
  const page = await writeDraft(c, id, archiveCourse(id, actor(c)));
  if (page instanceof Response) return page;
  if (!page.value) return renderError(c, 'notFound', 404);
  await forgetContentVersion();
  return c.redirect(studioUrl(), 303);
});

/** A copy of the draft as a new course, under `<slug>-copy` (or the next free address). */
studioCourseRoutes.post('/:id/duplicate', courseParams, async (c) => {
  const { id } = c.req.valid('param');
  const page = await signedIn(c, studioCoursesRead(), { ...ADMIN, writes: duplicateWrites(id, actor(c)) });
  if (page instanceof Response) return page;
  const copy = page.written[0]?.[0] as { id: number } | undefined;
  if (!copy) return renderError(c, 'notFound', 404);
  return c.redirect(studioCourseUrl(copy.id), 303);
});

studioCourseRoutes.get('/:id/versions', courseParams, async (c) => {
  const { id } = c.req.valid('param');
  const page = await signedIn(c, readAll({ draft: draftRead(id), versions: versionsRead(id) }), ADMIN);
  if (page instanceof Response) return page;
  const { draft, versions } = page.value;
  if (!draft) return renderError(c, 'notFound', 404);
  const back = Number(c.req.query('rolledBack'));
  const notice = Number.isInteger(back) && back > 0 ? c.var.t.studio.rolledBack(back) : undefined;
  return render(c, <VersionsPage ui={c.var.ui} draft={draft} versions={versions} notice={notice} />);
});

const versionParams = params(
  z.object({
    id: idParam,
    number: idParam,
  }),
);

studioCourseRoutes.get('/:id/versions/:number', versionParams, async (c) => {
  const { id, number } = c.req.valid('param');
  const page = await signedIn(c, readAll({ draft: draftRead(id), version: versionRead(id, number) }), ADMIN);
  if (page instanceof Response) return page;
  const { draft, version } = page.value;
  if (!draft || !version) return renderError(c, 'notFound', 404);
  return render(c, <VersionPage ui={c.var.ui} draft={draft} version={version} />);
});

/** Two round trips, as publishing: the version is read (its Markdown is rendered here), then applied. */
studioCourseRoutes.post('/:id/versions/:number/rollback', versionParams, async (c) => {
  const { id, number } = c.req.valid('param');
  const page = await signedIn(c, versionRead(id, number), ADMIN);
  if (page instanceof Response) return page;
  if (!page.value) return renderError(c, 'notFound', 404);
  const done = await signedIn(c, draftRead(id), { ...ADMIN, writes: rollbackWrites(id, page.value, actor(c)) });
  if (done instanceof Response) return done;
  await forgetContentVersion();
  return c.redirect(`${versionsUrl(id)}?rolledBack=${number}`, 303);
});
