/**
 * The participant profile (ESF+ common output indicators, see `participantProfiles` in schema.ts):
 * asked for once at enrolment where the region turned it on, seen, changed and withdrawn at
 * /account, exported with the trainer's data and erased with the account.
 *
 * Consent must be free: declining never blocks learning. A decline is remembered (a row with no
 * answers) so that the next enrolment does not ask again; the trainer can still give a profile
 * at /account.
 */
import { type SQL, sql } from 'drizzle-orm';
import { query, type Read, read } from '../db';
import type { DisabilityAnswer, EducationLevel, Gender, LabourStatus } from './schema';

export type ProfileAnswers = {
  gender: Gender;
  birthYear: number | null;
  labourStatus: LabourStatus;
  education: EducationLevel;
  disability: DisabilityAnswer;
  /** The separate, explicit consent for the disability answer: without it, none is stored. */
  disabilityConsent: boolean;
};

export type Profile = {
  /** The answers, or null when the trainer declined (or withdrew) the profile. */
  answers: (Omit<ProfileAnswers, 'disability' | 'disabilityConsent'> & { disability: DisabilityAnswer | null }) | null;
  consentAt: number | null;
  disabilityConsentAt: number | null;
  declinedAt: number | null;
  updatedAt: number;
};

type Row = {
  gender: Gender | null;
  birthYear: number | null;
  labourStatus: LabourStatus | null;
  education: EducationLevel | null;
  disability: DisabilityAnswer | null;
  consentAt: number | null;
  disabilityConsentAt: number | null;
  declinedAt: number | null;
  updatedAt: number;
};

/** The signed-in trainer's profile row: null when they were never asked. */
export function profileRead(me: SQL): Read<Profile | null> {
  return read(
    [
      query<Row>(sql`
        SELECT gender, birth_year AS birthYear, labour_status AS labourStatus, education, disability,
          consent_at AS consentAt, disability_consent_at AS disabilityConsentAt, declined_at AS declinedAt, updated_at AS updatedAt
        FROM participant_profiles WHERE user_id = ${me}`),
    ],
    ([[row]]) =>
      row
        ? {
            answers:
              row.consentAt === null
                ? null
                : {
                    gender: row.gender ?? 'undisclosed',
                    birthYear: row.birthYear,
                    labourStatus: row.labourStatus ?? 'undisclosed',
                    education: row.education ?? 'undisclosed',
                    disability: row.disability,
                  },
            consentAt: row.consentAt,
            disabilityConsentAt: row.disabilityConsentAt,
            declinedAt: row.declinedAt,
            updatedAt: row.updatedAt,
          }
        : null,
  );
}

/**
 * True (in SQL) when `user` may take a seat without being asked first: the region does not ask
 * for profiles, or the trainer has answered or declined already. Enrolment writes carry it, so an
 * enrol button pressed by someone not yet asked writes nothing and the page asks instead.
 */
export const profileSettled = (user: SQL) => sql`(
  NOT coalesce((SELECT ask_profile FROM settings WHERE id = 1), 0)
  OR EXISTS (SELECT 1 FROM participant_profiles pp WHERE pp.user_id = ${user}))`;

/** Saves the answers given with consent now (replacing any earlier answers or decline). */
export function saveProfileStatement(user: SQL, answers: ProfileAnswers, now: number): SQL {
  const consented = answers.disabilityConsent;
  return sql`
    INSERT INTO participant_profiles (user_id, gender, birth_year, labour_status, education, disability, consent_at,
      disability_consent_at, declined_at, created_at, updated_at)
    SELECT ${user}, ${answers.gender}, ${answers.birthYear}, ${answers.labourStatus}, ${answers.education},
      ${consented ? answers.disability : null}, ${now}, ${consented ? now : null}, NULL, ${now}, ${now}
    WHERE ${user} IS NOT NULL
    ON CONFLICT (user_id) DO UPDATE SET gender = excluded.gender, birth_year = excluded.birth_year,
      labour_status = excluded.labour_status, education = excluded.education, disability = excluded.disability,
      consent_at = excluded.consent_at, disability_consent_at = excluded.disability_consent_at, declined_at = NULL,
      updated_at = excluded.updated_at`;
}

/** Remembers that the trainer declined, when they have no profile row yet. */
export function declineProfileStatement(user: SQL, now: number): SQL {
  return sql`
    INSERT INTO participant_profiles (user_id, declined_at, created_at, updated_at)
    SELECT ${user}, ${now}, ${now}, ${now} WHERE ${user} IS NOT NULL
    ON CONFLICT (user_id) DO NOTHING`;
}

/** Withdrawal: every answer and consent is deleted; only the decline stays, so nobody asks again. */
export function withdrawProfileStatements(user: SQL, now: number): SQL[] {
  return [sql`DELETE FROM participant_profiles WHERE user_id = ${user}`, declineProfileStatement(user, now)];
}
