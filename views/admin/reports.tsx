import { ColumnBars, HorizontalBars } from '../../src/charts';
import type { IndicatorCell, Indicators } from '../../src/data/indicators';
import type { CourseFigures, CourseReport, Figures, ReportHead } from '../../src/data/reports';
import type { Shown } from '../../src/disclosure';
import { courseReportCsvUrl, courseReportUrl, type ReportFilters } from '../../src/urls';
import type { Ui } from '../context';
import { cohortNameText } from '../courses';
import { FieldError, Layout, ScrollTable, UserText } from '../layout';
import { StudioNav } from './courses';

/** public/print.js: wires the print button (the CSP allows no inline script). */
const PRINT_SCRIPT = '/print.js';

type T = Ui['t'];
type Cell = string | number | null;
/** One table of a report: the HTML table and its CSV are both drawn from this. */
export type ReportTable = { title: string; header: string[]; rows: Cell[][] };

export const REPORT_TABLES = ['summary', 'funnel', 'questions', 'progress', 'weeks', 'indicators'] as const;
export type ReportTableName = (typeof REPORT_TABLES)[number];

const round = (n: number, places = 1) => Math.round(n * 10 ** places) / 10 ** places;
const percent = (part: number, whole: number) => (whole > 0 ? round((100 * part) / whole) : null);

/** The figures as [label, value] pairs, in the order both pages show them. */
function figureCells(t: T, f: Figures): [string, Cell][] {
  const r = t.reports;
  return [
    [r.enrolled, f.enrolled],
    [r.active, f.active],
    [r.withdrawn, f.withdrawn],
    [r.started, f.started],
    [r.completed, f.completed],
    [`${r.completionRate} (%)`, f.completionRate === null ? null : round(100 * f.completionRate)],
    [r.medianDays, f.medianDays === null ? null : round(f.medianDays)],
    [r.active7, f.active7],
    [r.active30, f.active30],
    [r.hours, round(f.estimatedHours)],
  ];
}

/** A published indicator: the count, "<5" (1–4 people) or "c" (hidden so that a "<5" cannot be worked out). */
function shownCell(t: T, shown: Shown): Cell {
  if (shown.kind === 'value') return shown.value;
  return shown.kind === 'small' ? t.indicators.small : t.indicators.secondary;
}

/** The funder indicators as rows: [group, indicator, value]. */
function indicatorRows(t: T, indicators: Indicators): Cell[][] {
  const i = t.indicators;
  return INDICATOR_GROUPS.flatMap(([group, cells]) =>
    cells.map((cell) => [i.groups[group], i.cells[cell], shownCell(t, indicators.shown[cell])]),
  );
}

const INDICATOR_GROUPS: [keyof T['indicators']['groups'], IndicatorCell[]][] = [
  ['total', ['participants']],
  ['gender', ['women', 'men', 'nonBinary', 'genderUnknown']],
  ['labour', ['employed', 'unemployed', 'longTermUnemployed', 'inactive', 'labourUnknown']],
  ['age', ['below18', 'age18to29', 'age30to54', 'age55plus', 'ageUnknown']],
  ['education', ['isced0to2', 'isced3to4', 'isced5to8', 'educationUnknown']],
  ['disability', ['disabled', 'notDisabled', 'disabilityUnknown']],
  ['interreg', ['rco85', 'rcr81']],
];

/** Every table of a course report, as the page shows it and as its CSV exports it. */
export function reportTables(t: T, report: CourseReport, indicators: Indicators): Record<ReportTableName, ReportTable> {
  const r = t.reports;
  return {
    indicators: {
      title: t.indicators.title,
      header: [t.indicators.group, t.indicators.indicator, r.value],
      rows: indicatorRows(t, indicators),
    },
    summary: { title: r.summary, header: [r.figure, r.value], rows: figureCells(t, report.figures) },
    funnel: {
      title: r.funnel,
      header: [r.module, r.lesson, r.reached, r.completed],
      rows: report.funnel.map((s) => [s.module, s.required ? s.title : `${s.title} (${r.optional})`, s.reached, s.completed]),
    },
    questions: {
      title: r.items,
      header: [r.quiz, r.question, r.firstAttempts, `${r.rightFirst} (%)`, r.wrongOption, r.wrongTimes, r.attemptsToPass],
      rows: report.items.map((i) => [
        i.lesson,
        i.prompt,
        i.firstAttempts,
        percent(i.rightFirst, i.firstAttempts),
        i.wrongOption,
        i.wrongCount,
        i.attemptsToPass === null ? null : round(i.attemptsToPass, 2),
      ]),
    },
    progress: {
      title: r.grid,
      header: [r.trainer, ...report.modules.map((m) => `${m.title} (${m.total})`), r.hours],
      rows: report.grid.map((row) => [row.name, ...row.done, round(row.hours)]),
    },
    weeks: { title: r.weeks, header: [r.week, r.completions], rows: report.weeks.map((w) => [w.week, w.completions]) },
  };
}

function formatCell(ui: Ui, value: Cell) {
  if (value === null) return ui.t.reports.none;
  return typeof value === 'number' ? value.toLocaleString(ui.lang) : value;
}

/** /admin: every course's figures, each course linking to its report. */
export function ReportsPage({ ui, courses, trainers }: { ui: Ui; courses: CourseFigures[]; trainers: number }) {
  const { t } = ui;
  const header = figureCells(t, courses[0] ?? emptyFigures).map(([label]) => label);
  return (
    <Layout ui={ui} title={t.admin.title} wide>
      <StudioNav ui={ui} />
      <h1>{t.admin.title}</h1>
      <p class="lead">{t.reports.lead}</p>
      <p>
        {t.admin.trainers}: <strong>{trainers}</strong>
      </p>
      <ScrollTable ui={ui} label={t.admin.title}>
        <table class="report-table">
          <thead>
            <tr>
              <th scope="col">{t.reports.course}</th>
              {header.map((label) => (
                <th scope="col">{label}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {courses.map((course) => (
              <tr>
                <th scope="row">
                  <a href={courseReportUrl(course.id)}>{course.title}</a>
                </th>
                {figureCells(t, course).map(([, value]) => (
                  <td>{formatCell(ui, value)}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollTable>
      <Definitions t={t} />
    </Layout>
  );
}

const emptyFigures: Figures = {
  enrolled: 0,
  active: 0,
  withdrawn: 0,
  started: 0,
  completed: 0,
  completionRate: null,
  medianDays: null,
  active7: 0,
  active30: 0,
  estimatedHours: 0,
};

function Definitions({ t, indicators }: { t: T; indicators?: boolean }) {
  return (
    <details class="report-definitions">
      <summary>{t.reports.definitionsTitle}</summary>
      <ul>
        {t.reports.definitions.map((line) => (
          <li>{line}</li>
        ))}
        {indicators && t.indicators.definitions.map((line) => <li>{line}</li>)}
      </ul>
    </details>
  );
}

export type FilterValues = { cohort: string; from: string; to: string };
export type FilterErrors = Partial<Record<keyof FilterValues, string>>;

type CoursePageProps = {
  ui: Ui;
  head: ReportHead & { course: NonNullable<ReportHead['course']> };
  values: FilterValues;
  errors: FilterErrors;
  /** The validated filters (for CSV links); null on a 422 page. */
  filters: ReportFilters | null;
  report: CourseReport | null;
  indicators: Indicators | null;
};

/** /admin/reports/courses/:id: filters, figures, the two charts with their tables, questions, grid. */
export function CourseReportPage({ ui, head, values, errors, filters, report, indicators }: CoursePageProps) {
  const { t } = ui;
  const r = t.reports;
  const { course, cohorts } = head;
  const title = r.reportOf(course.title);
  const tables = report && indicators ? reportTables(t, report, indicators) : null;
  const messages = Object.values(errors).filter(Boolean);
  const cohort = cohorts.find((c) => c.id === filters?.cohort);
  return (
    <Layout ui={ui} title={title} wide scripts={[PRINT_SCRIPT]}>
      <div class="no-print">
        <StudioNav ui={ui} />
        <p>
          <a href="/admin">{r.allCourses}</a>
        </p>
      </div>
      <h1>{title}</h1>
      {cohort && (
        <p class="lead">
          {r.cohort}: <UserText>{cohortNameText(t, cohort)}</UserText>
        </p>
      )}
      <form method="get" action={courseReportUrl(course.id)} class="filter no-print" aria-label={r.filters} novalidate>
        <div class="field">
          <label for="filter-cohort">{r.cohort}</label>
          <select id="filter-cohort" name="cohort" {...invalid('cohort', errors.cohort)}>
            <option value="">{r.allCohorts}</option>
            {cohorts.map((c) => (
              <option value={String(c.id)} selected={values.cohort === String(c.id)}>
                {cohortNameText(t, c)}
              </option>
            ))}
          </select>
          <FieldError id="filter-cohort-error" message={errors.cohort} />
        </div>
        {(['from', 'to'] as const).map((name) => (
          <div class="field">
            <label for={`filter-${name}`}>{r[name]}</label>
            <input
              id={`filter-${name}`}
              name={name}
              type="date"
              value={values[name]}
              maxlength={10}
              {...invalid(name, errors[name])}
              aria-describedby={errors[name] ? `filter-${name}-error` : 'filter-date-hint'}
            />
            <FieldError id={`filter-${name}-error`} message={errors[name]} />
          </div>
        ))}
        <p class="hint" id="filter-date-hint">
          {r.dateHint}
        </p>
        <button type="submit" class="button">
          {r.apply}
        </button>
      </form>
      {messages.length > 0 && (
        <p class="form-error" role="alert">
          {messages.join(' ')}
        </p>
      )}
      {report && tables && filters && (
        <>
          <div class="actions no-print">
            {/* Hidden until print.js runs: without JavaScript the browser's own Print still works. */}
            <button type="button" class="button" data-print hidden>
              {r.print}
            </button>
          </div>
          <ReportSection ui={ui} table={tables.summary} csv={courseReportCsvUrl(course.id, 'summary', filters)} />
          <ReportSection ui={ui} table={tables.funnel} csv={courseReportCsvUrl(course.id, 'funnel', filters)}>
            {report.funnel.length > 0 && (
              <HorizontalBars
                id="funnel-chart"
                title={r.funnel}
                desc={r.funnelDesc(report.funnel.length)}
                bars={report.funnel.map((s) => ({ label: s.title, value: s.completed, back: s.reached }))}
                valueText={(bar) => `${bar.value} / ${bar.back ?? 0}`}
              />
            )}
          </ReportSection>
          <ReportSection ui={ui} table={tables.weeks} csv={courseReportCsvUrl(course.id, 'weeks', filters)}>
            {report.weeks.length > 0 && (
              <ColumnBars
                id="weeks-chart"
                title={r.weeks}
                desc={r.weeksDesc(
                  report.weeks.length,
                  report.weeks.reduce((sum, w) => sum + w.completions, 0),
                )}
                bars={report.weeks.map((w) => ({ label: w.week, value: w.completions }))}
              />
            )}
          </ReportSection>
          <ReportSection ui={ui} table={tables.questions} csv={courseReportCsvUrl(course.id, 'questions', filters)} />
          <ReportSection ui={ui} table={tables.indicators} csv={courseReportCsvUrl(course.id, 'indicators', filters)}>
            <p class="hint" id="indicators-hint">
              {t.indicators.lead}
            </p>
          </ReportSection>
          {filters.cohort ? (
            <ReportSection ui={ui} table={tables.progress} csv={courseReportCsvUrl(course.id, 'progress', filters)} />
          ) : (
            <section class="report-section">
              <h2>{r.grid}</h2>
              <p class="hint">{r.gridHint}</p>
            </section>
          )}
          <Definitions t={t} indicators />
        </>
      )}
    </Layout>
  );
}

const invalid = (name: string, error: string | undefined) =>
  error ? { 'aria-invalid': 'true', 'aria-describedby': `filter-${name}-error` } : {};

/** A table with its heading and CSV link; a chart, when given, beside it. */
function ReportSection({ ui, table, csv, children }: { ui: Ui; table: ReportTable; csv: string; children?: unknown }) {
  const r = ui.t.reports;
  return (
    <section class="report-section">
      <h2>{table.title}</h2>
      <p class="no-print">
        <a href={csv} download>
          {r.csvOf(table.title)}
        </a>
      </p>
      {children && <div class="report-chart">{children}</div>}
      {table.rows.length === 0 ? (
        <p>{r.noData}</p>
      ) : (
        <ScrollTable ui={ui} label={table.title}>
          <table class="report-table">
            <thead>
              <tr>
                {table.header.map((label) => (
                  <th scope="col">{label}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {table.rows.map(([first, ...rest]) => (
                <tr>
                  <th scope="row">{typeof first === 'string' ? <UserText>{first}</UserText> : formatCell(ui, first ?? null)}</th>
                  {rest.map((value) => (
                    <td>{formatCell(ui, value)}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollTable>
      )}
    </section>
  );
}
