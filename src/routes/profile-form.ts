/**
 * The participant profile's form, as the enrolment, the invitation and /account ask it: the
 * answers, the consent checkbox, and which button was pressed (`profile`: save or decline).
 */
import { z } from 'zod';
import type { ProfileAnswers } from '../data/profiles';
import { DISABILITY_ANSWERS, EDUCATION_LEVELS, GENDERS, LABOUR_STATUSES } from '../data/schema';
import type { Dictionary } from '../i18n';
import { echoed, fieldErrors } from './validation';

export const FIRST_BIRTH_YEAR = 1920;
/** Trainers are at least 15 in the year they answer. */
export const MIN_AGE = 15;

const checkbox = z
  .unknown()
  .optional()
  .transform((v) => v !== undefined);

export function profileSchema(t: Dictionary, now: number) {
  const e = t.profile.errors;
  const lastYear = new Date(now).getUTCFullYear() - MIN_AGE;
  return z
    .object({
      gender: z.enum(GENDERS, e.choose),
      birth_year: z.union(
        [
          z.literal('').transform(() => null),
          z.coerce
            .number(e.birthYear(FIRST_BIRTH_YEAR, lastYear))
            .int(e.birthYear(FIRST_BIRTH_YEAR, lastYear))
            .min(FIRST_BIRTH_YEAR, e.birthYear(FIRST_BIRTH_YEAR, lastYear))
            .max(lastYear, e.birthYear(FIRST_BIRTH_YEAR, lastYear)),
        ],
        e.birthYear(FIRST_BIRTH_YEAR, lastYear),
      ),
      labour_status: z.enum(LABOUR_STATUSES, e.choose),
      education: z.enum(EDUCATION_LEVELS, e.choose),
      disability: z.enum(DISABILITY_ANSWERS, e.choose).default('undisclosed'),
      disability_consent: checkbox,
      consent: checkbox.refine((v) => v, e.consent),
    })
    .transform(
      (v): ProfileAnswers => ({
        gender: v.gender,
        birthYear: v.birth_year,
        labourStatus: v.labour_status,
        education: v.education,
        disability: v.disability,
        disabilityConsent: v.disability_consent,
      }),
    );
}

/** What the form's fields hold, as typed (for a 422 page) or as saved. */
export type ProfileValues = {
  gender: string;
  birth_year: string;
  labour_status: string;
  education: string;
  disability: string;
  disability_consent: boolean;
  consent: boolean;
};

export const emptyProfileValues: ProfileValues = {
  gender: '',
  birth_year: '',
  labour_status: '',
  education: '',
  disability: '',
  disability_consent: false,
  consent: false,
};

export function typedProfile(form: Record<string, unknown>): ProfileValues {
  return {
    gender: echoed(form.gender, 20),
    birth_year: echoed(form.birth_year, 4),
    labour_status: echoed(form.labour_status, 30),
    education: echoed(form.education, 20),
    disability: echoed(form.disability, 20),
    disability_consent: form.disability_consent !== undefined,
    consent: form.consent !== undefined,
  };
}

export type ProfileChoice =
  | { kind: 'none' }
  | { kind: 'decline' }
  | { kind: 'save'; answers: ProfileAnswers }
  | { kind: 'invalid'; values: ProfileValues; errors: Partial<Record<string, string>> };

/** Which button was pressed (none: the form had no profile) and, for "save", the checked answers. */
export function readProfileChoice(form: Record<string, unknown>, t: Dictionary, now: number): ProfileChoice {
  if (form.profile === 'decline') return { kind: 'decline' };
  if (form.profile !== 'save') return { kind: 'none' };
  const parsed = profileSchema(t, now).safeParse(form);
  if (parsed.success) return { kind: 'save', answers: parsed.data };
  return { kind: 'invalid', values: typedProfile(form), errors: fieldErrors(parsed.error) };
}
