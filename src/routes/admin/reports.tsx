/**
 * Reports (admins only): /admin (every course), /admin/reports/courses/:id (one course or cohort,
 * with a date range, and its funder indicators) and each of its tables as CSV with the same
 * filters and the region's separator. One D1 batch each.
 */
import type { Context } from 'hono';
import { Hono } from 'hono';
import { z } from 'zod';
import {
  CourseReportPage,
  type FilterErrors,
  type FilterValues,
  REPORT_TABLES,
  ReportsPage,
  reportTables,
} from '../../../views/admin/reports';
import { type CsvSeparator, type CsvValue, toCsv } from '../../csv';
import { indicatorsRead } from '../../data/indicators';
import { courseReportRead, type Filters, reportHeadRead, reportsRead } from '../../data/reports';
import { readAll } from '../../db';
import type { AppEnv } from '../../env';
import { params, requireUser, signedIn } from '../../http/guards';
import { render, renderError } from '../../http/render';
import { ADMIN, idParam } from './shared';

export const reportRoutes = new Hono<AppEnv>();

reportRoutes.get('/', requireUser, async (c) => {
  const page = await signedIn(c, reportsRead(c.var.lang, c.var.now), ADMIN);
  if (page instanceof Response) return page;
  const { courses, trainers } = page.value;
  return render(c, <ReportsPage ui={c.var.ui} courses={courses} trainers={trainers} />);
});

const DAY = 86_400_000;

/** A calendar day as YYYY-MM-DD, read as UTC (as cohort dates are): its first millisecond. */
function dayStart(value: string): number | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return null;
  const time = Date.parse(`${value}T00:00:00Z`);
  // Date.parse rolls 2026-02-30 over to March; a real date prints back as itself.
  return Number.isNaN(time) || new Date(time).toISOString().slice(0, 10) !== value ? null : time;
}

type Parsed = { ok: true; filters: Filters } | { ok: false; errors: FilterErrors };

/** The query string's filters: empty fields mean no limit; the cohort must be one of the course's (checked after the read). */
function parseFilters(courseId: number, values: FilterValues, t: AppEnv['Variables']['t']): Parsed {
  const errors: FilterErrors = {};
  const cohort = values.cohort === '' ? null : idParam.safeParse(values.cohort);
  if (cohort && !cohort.success) errors.cohort = t.reports.badCohort;
  const from = values.from === '' ? null : dayStart(values.from);
  const to = values.to === '' ? null : dayStart(values.to);
  if (values.from !== '' && from === null) errors.from = t.reports.badDate;
  if (values.to !== '' && to === null) errors.to = t.reports.badDate;
  if (from !== null && to !== null && from > to) errors.to = t.reports.fromAfterTo;
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    filters: { courseId, cohortId: cohort?.success ? cohort.data : null, from, to: to === null ? null : to + DAY - 1 },
  };
}

const filterValues = (c: Context<AppEnv>): FilterValues => ({
  cohort: (c.req.query('cohort') ?? '').slice(0, 20),
  from: (c.req.query('from') ?? '').slice(0, 20),
  to: (c.req.query('to') ?? '').slice(0, 20),
});

/**
 * The page's read for valid filters, or only the course and its cohorts for the 422 page. Either
 * way one batch. Returns a Response (sign-in, 403, 404, 422) or what the page or CSV needs.
 */
async function loadReport(c: Context<AppEnv>, courseId: number) {
  const { ui, lang, now } = c.var;
  const values = filterValues(c);
  const parsed = parseFilters(courseId, values, c.var.t);
  const head = reportHeadRead(courseId, lang);
  if (!parsed.ok) {
    const page = await signedIn(c, head, ADMIN);
    if (page instanceof Response) return page;
    const { course, cohorts } = page.value;
    if (!course) return renderError(c, 'notFound', 404);
    return render(
      c,
      <CourseReportPage
        ui={ui}
        head={{ course, cohorts }}
        values={values}
        errors={parsed.errors}
        filters={null}
        report={null}
        indicators={null}
      />,
      422,
    );
  }
  const { filters } = parsed;
  const page = await signedIn(
    c,
    readAll({ head, report: courseReportRead(filters, lang, now), indicators: indicatorsRead(filters) }),
    ADMIN,
  );
  if (page instanceof Response) return page;
  const { course, cohorts } = page.value.head;
  if (!course) return renderError(c, 'notFound', 404);
  // A cohort of another course (or none) is a report that does not exist.
  if (filters.cohortId !== null && !cohorts.some((h) => h.id === filters.cohortId)) return renderError(c, 'notFound', 404);
  return { values, filters, head: { course, cohorts }, report: page.value.report, indicators: page.value.indicators };
}

const courseParam = params(z.object({ id: idParam }));

reportRoutes.get('/reports/courses/:id', requireUser, courseParam, async (c) => {
  const loaded = await loadReport(c, c.req.valid('param').id);
  if (loaded instanceof Response) return loaded;
  const { values, head, report, indicators } = loaded;
  return render(
    c,
    <CourseReportPage
      ui={c.var.ui}
      head={head}
      values={values}
      errors={{}}
      filters={linkFilters(values)}
      report={report}
      indicators={indicators}
    />,
  );
});

/** The filters as the page's links repeat them: the typed (valid) values. */
const linkFilters = (values: FilterValues) => ({
  cohort: values.cohort === '' ? null : Number(values.cohort),
  from: values.from || null,
  to: values.to || null,
});

/** Excel in regions that separate with ';' (Poland) reads a decimal comma; in ',' regions, a point. */
export function csvNumbers(rows: readonly (readonly CsvValue[])[], separator: CsvSeparator): CsvValue[][] {
  return rows.map((row) => row.map((v) => (typeof v === 'number' && separator === ';' ? String(v).replace('.', ',') : v)));
}

/** One table as CSV, with the region's separator (settings) and the decimal mark that goes with it. */
export function reportCsv(header: readonly string[], rows: readonly (readonly CsvValue[])[], separator: CsvSeparator): string {
  return toCsv(header, csvNumbers(rows, separator), separator);
}

const csvFile = z.object({ id: idParam, table: z.enum(REPORT_TABLES) });

reportRoutes.get('/reports/courses/:id/:table{[a-z]+\\.csv}', requireUser, async (c) => {
  // The route pattern keeps ".csv"; the table's name is what comes before it.
  const raw = c.req.param('table');
  const table = raw.slice(0, -'.csv'.length);
  const checked = csvFile.safeParse({ id: c.req.param('id'), table });
  if (!checked.success) return renderError(c, 'notFound', 404);
  const loaded = await loadReport(c, checked.data.id);
  if (loaded instanceof Response) return loaded;
  const { head, report, indicators, filters } = loaded;
  const data = reportTables(c.var.t, report, indicators)[checked.data.table];
  const day = new Date(c.var.now).toISOString().slice(0, 10);
  const cohort = filters.cohortId === null ? '' : `-cohort-${filters.cohortId}`;
  return c.body(reportCsv(data.header, data.rows, c.var.settings.csvSeparator), 200, {
    'Content-Type': 'text/csv; charset=utf-8',
    'Content-Disposition': `attachment; filename="warsztat-${head.course.slug}${cohort}-${checked.data.table}-${day}.csv"`,
    'Cache-Control': 'private, no-store',
  });
});
