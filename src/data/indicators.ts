/**
 * Funder indicators of a course (or cohort) for a period, on the course report: the ESF+ common
 * output indicators for participants (Regulation (EU) 2021/1057, Annex I, points 1.1 and 1.2)
 * and Interreg's RCO85 and RCR81 (Regulation (EU) 2021/1058, Annex I).
 *
 * Definitions (shown on the page with the report's other definitions):
 * - Participants: the report's population (src/data/reports.ts `population`): enrolments in the
 *   course (cohort) that started in the period, withdrawn ones included. A trainer has one
 *   enrolment per course, so participants are people. Their characteristics are those of their
 *   participant profile (src/data/profiles.ts) now; a trainer without one (never asked,
 *   declined, withdrawn) counts under "no profile or not disclosed" in every breakdown.
 * - Age: in the year of enrolment, from the birth year (the year is all we ask for): below 18,
 *   18–29, 30–54 (not an ESF+ indicator; shown so that the groups add up), 55 and over.
 * - Unemployed includes long-term unemployed; "of which long-term unemployed" is its part.
 * - Disability: only answers given with the separate consent were stored; others are NULL.
 * - RCO85 participations in joint training schemes: enrolments that started in the period (the
 *   same count as participants). RCR81 completions of joint training schemes: enrolments of the
 *   course (cohort) completed in the period, whenever they started.
 *
 * Every count of 1–4 is published as "<5", with complementary suppression (src/disclosure.ts).
 */
import { sql } from 'drizzle-orm';
import { query, type Read, read } from '../db';
import { type Cell, type Relation, type Shown, suppress } from '../disclosure';
import { type Filters, population } from './reports';

/** The published cells, in the order of the table (`hidden` ones are never shown). */
export const INDICATOR_CELLS = [
  'participants',
  'women',
  'men',
  'nonBinary',
  'genderUnknown',
  'employed',
  'unemployed',
  'longTermUnemployed',
  'inactive',
  'labourUnknown',
  'below18',
  'age18to29',
  'age30to54',
  'age55plus',
  'ageUnknown',
  'isced0to2',
  'isced3to4',
  'isced5to8',
  'educationUnknown',
  'disabled',
  'notDisabled',
  'disabilityUnknown',
  'rco85',
  'rcr81',
] as const;
export type IndicatorCell = (typeof INDICATOR_CELLS)[number];

/** The sums the table's cells make: what complementary suppression must keep from being solved. */
const RELATIONS: Relation[] = [
  { total: 'participants', parts: ['women', 'men', 'nonBinary', 'genderUnknown'] },
  { total: 'participants', parts: ['employed', 'unemployed', 'inactive', 'labourUnknown'] },
  { total: 'unemployed', parts: ['longTermUnemployed', 'shortTermUnemployed'] },
  { total: 'participants', parts: ['below18', 'age18to29', 'age30to54', 'age55plus', 'ageUnknown'] },
  { total: 'participants', parts: ['isced0to2', 'isced3to4', 'isced5to8', 'educationUnknown'] },
  { total: 'participants', parts: ['disabled', 'notDisabled', 'disabilityUnknown'] },
  // RCO85 counts the same enrolments as participants: one must not give the other away.
  { total: 'participants', parts: ['rco85'] },
];

export type Indicators = { counts: Record<IndicatorCell, number>; shown: Record<IndicatorCell, Shown> };

type Row = Omit<Record<IndicatorCell, number>, 'genderUnknown' | 'labourUnknown' | 'ageUnknown' | 'educationUnknown' | 'disabilityUnknown'>;

export function indicatorsRead(filters: Filters): Read<Indicators> {
  const { courseId, cohortId, from, to } = filters;
  return read(
    [
      query<Row>(sql`
        WITH ${population(filters)},
        people AS (
          SELECT pp.gender, pp.labour_status AS labour, pp.education, pp.disability,
            CAST(strftime('%Y', p.enrolled_at / 1000, 'unixepoch') AS INTEGER) - pp.birth_year AS age
          FROM pop p LEFT JOIN participant_profiles pp ON pp.user_id = p.user_id AND pp.consent_at IS NOT NULL
        )
        SELECT count(*) AS participants,
          coalesce(sum(gender = 'woman'), 0) AS women, coalesce(sum(gender = 'man'), 0) AS men,
          coalesce(sum(gender = 'non_binary'), 0) AS nonBinary,
          coalesce(sum(labour = 'employed'), 0) AS employed,
          coalesce(sum(labour IN ('unemployed', 'long_term_unemployed')), 0) AS unemployed,
          coalesce(sum(labour = 'long_term_unemployed'), 0) AS longTermUnemployed,
          coalesce(sum(labour = 'inactive'), 0) AS inactive,
          coalesce(sum(age < 18), 0) AS below18, coalesce(sum(age BETWEEN 18 AND 29), 0) AS age18to29,
          coalesce(sum(age BETWEEN 30 AND 54), 0) AS age30to54, coalesce(sum(age >= 55), 0) AS age55plus,
          coalesce(sum(education = 'isced_0_2'), 0) AS isced0to2, coalesce(sum(education = 'isced_3_4'), 0) AS isced3to4,
          coalesce(sum(education = 'isced_5_8'), 0) AS isced5to8,
          coalesce(sum(disability = 'yes'), 0) AS disabled, coalesce(sum(disability = 'no'), 0) AS notDisabled,
          count(*) AS rco85,
          (SELECT count(*) FROM enrolments e WHERE e.course_id = ${courseId}
            ${cohortId === null ? sql`` : sql`AND e.cohort_id = ${cohortId}`}
            AND e.completed_at IS NOT NULL
            ${from === null ? sql`` : sql`AND e.completed_at >= ${from}`}
            ${to === null ? sql`` : sql`AND e.completed_at <= ${to}`}) AS rcr81
        FROM people`),
    ],
    ([[row]]) => indicatorsOf(row),
  );
}

/** The counts with the "not disclosed" rest of each breakdown, and what may be published of them. */
export function indicatorsOf(row: Row | undefined): Indicators {
  const r: Row = row ?? (Object.fromEntries(INDICATOR_CELLS.map((k) => [k, 0])) as Row);
  const rest = (...parts: number[]) => r.participants - parts.reduce((a, b) => a + b, 0);
  const counts: Record<IndicatorCell, number> = {
    ...r,
    genderUnknown: rest(r.women, r.men, r.nonBinary),
    labourUnknown: rest(r.employed, r.unemployed, r.inactive),
    ageUnknown: rest(r.below18, r.age18to29, r.age30to54, r.age55plus),
    educationUnknown: rest(r.isced0to2, r.isced3to4, r.isced5to8),
    disabilityUnknown: rest(r.disabled, r.notDisabled),
  };
  const cells: Record<string, Cell> = Object.fromEntries(INDICATOR_CELLS.map((k) => [k, { value: counts[k] }]));
  cells.shortTermUnemployed = { value: r.unemployed - r.longTermUnemployed, hidden: true };
  return { counts, shown: suppress(cells, RELATIONS) as Record<IndicatorCell, Shown> };
}
