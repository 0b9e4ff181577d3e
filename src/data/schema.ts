/**
 * The D1 schema. Migrations in /migrations are generated from this file by `npm run db:generate`
 * and reviewed before they are committed; never edit a migration that has landed.
 *
 * Texts that a trainer reads (course, module, lesson, quiz) live in `*_texts` tables keyed by
 * language, so progress, attempts and reflections belong to the lesson and survive a language
 * switch. Timestamps are unix milliseconds.
 */
import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

export const LANGUAGES = ['pl', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

export const ROLES = ['admin', 'trainer'] as const;
export type Role = (typeof ROLES)[number];

export const FAMILIES = ['programme', 'policy-guide', 'workshop'] as const;
export type Family = (typeof FAMILIES)[number];

export const LESSON_KINDS = ['page', 'quiz', 'reflection'] as const;
export type LessonKind = (typeof LESSON_KINDS)[number];

const createdAt = () => integer('created_at', { mode: 'number' }).notNull().default(sql`(unixepoch() * 1000)`);

export const users = sqliteTable(
  'users',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    email: text('email').notNull().unique(),
    name: text('name').notNull(),
    role: text('role', { enum: ROLES }).notNull().default('trainer'),
    passwordHash: text('password_hash').notNull(),
    preferredLanguage: text('preferred_language', { enum: LANGUAGES }),
    /** Set by an admin: the account cannot sign in and its sessions were ended; cleared to reactivate. */
    deactivatedAt: integer('deactivated_at', { mode: 'number' }),
    /**
     * Set when the trainer deletes their account: email, name and password are overwritten, their
     * reflections and tokens erased; the row stays so that anonymous progress still counts in reports.
     */
    deletedAt: integer('deleted_at', { mode: 'number' }),
    createdAt: createdAt(),
  },
  (t) => [index('users_role_idx').on(t.role)],
);

export const sessions = sqliteTable(
  'sessions',
  {
    /** SHA-256 of the cookie token, hex: a leaked table does not give working cookies. */
    id: text('id').primaryKey(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    expiresAt: integer('expires_at', { mode: 'number' }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);

/** Fallback sign-in limiter where the Workers Rate Limiting binding is absent (dev, tests). */
export const rateLimits = sqliteTable('rate_limits', {
  key: text('key').primaryKey(),
  windowStart: integer('window_start', { mode: 'number' }).notNull(),
  count: integer('count').notNull(),
});

export const courses = sqliteTable('courses', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  slug: text('slug').notNull().unique(),
  family: text('family', { enum: FAMILIES }).notNull(),
  mainLanguage: text('main_language', { enum: LANGUAGES }).notNull(),
  estimatedMinutes: integer('estimated_minutes').notNull(),
  published: integer('published', { mode: 'boolean' }).notNull().default(false),
  /** Set when an admin archives the course: hidden everywhere but kept, with every trainer's data. */
  archivedAt: integer('archived_at', { mode: 'number' }),
  createdAt: createdAt(),
});

export const courseTexts = sqliteTable(
  'course_texts',
  {
    courseId: integer('course_id')
      .notNull()
      .references(() => courses.id, { onDelete: 'cascade' }),
    language: text('language', { enum: LANGUAGES }).notNull(),
    title: text('title').notNull(),
    summary: text('summary').notNull(),
  },
  (t) => [primaryKey({ columns: [t.courseId, t.language] })],
);

export const modules = sqliteTable(
  'modules',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    courseId: integer('course_id')
      .notNull()
      .references(() => courses.id, { onDelete: 'cascade' }),
    key: text('key').notNull(),
    position: integer('position').notNull(),
    /** Set when a published version no longer has the module; cleared when one has it again. */
    archivedAt: integer('archived_at', { mode: 'number' }),
  },
  (t) => [uniqueIndex('modules_course_key_idx').on(t.courseId, t.key)],
);

export const moduleTexts = sqliteTable(
  'module_texts',
  {
    moduleId: integer('module_id')
      .notNull()
      .references(() => modules.id, { onDelete: 'cascade' }),
    language: text('language', { enum: LANGUAGES }).notNull(),
    title: text('title').notNull(),
  },
  (t) => [primaryKey({ columns: [t.moduleId, t.language] })],
);

export const lessons = sqliteTable(
  'lessons',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** Denormalised from the module so that a course's outline and progress are one index scan. */
    courseId: integer('course_id')
      .notNull()
      .references(() => courses.id, { onDelete: 'cascade' }),
    moduleId: integer('module_id')
      .notNull()
      .references(() => modules.id, { onDelete: 'cascade' }),
    /** Stable across imports and reordering: progress hangs on it. */
    key: text('key').notNull(),
    /** Position within the course (module order, then lesson order). */
    position: integer('position').notNull(),
    kind: text('kind', { enum: LESSON_KINDS }).notNull(),
    required: integer('required', { mode: 'boolean' }).notNull().default(true),
    /** Quiz lessons: the share of questions answered fully right needed to pass. */
    passPercent: integer('pass_percent'),
    /** JSON array of { title, url? }. */
    sources: text('sources').notNull().default('[]'),
    /**
     * Set when a published version no longer has the lesson: trainers no longer see it, and its
     * progress, attempts and reflections stay, archived with it; a version that has the lesson
     * again clears this and they count again. Lessons are never deleted.
     */
    archivedAt: integer('archived_at', { mode: 'number' }),
  },
  (t) => [
    uniqueIndex('lessons_course_key_idx').on(t.courseId, t.key),
    index('lessons_course_position_idx').on(t.courseId, t.position),
    index('lessons_module_idx').on(t.moduleId),
  ],
);

export const lessonTexts = sqliteTable(
  'lesson_texts',
  {
    lessonId: integer('lesson_id')
      .notNull()
      .references(() => lessons.id, { onDelete: 'cascade' }),
    language: text('language', { enum: LANGUAGES }).notNull(),
    title: text('title').notNull(),
    bodyMarkdown: text('body_markdown').notNull(),
    /** Rendered once, when written, by src/markdown.ts (raw HTML and unsafe links made inert). */
    bodyHtml: text('body_html').notNull(),
  },
  (t) => [primaryKey({ columns: [t.lessonId, t.language] })],
);

export const quizQuestions = sqliteTable(
  'quiz_questions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    lessonId: integer('lesson_id')
      .notNull()
      .references(() => lessons.id, { onDelete: 'cascade' }),
    key: text('key').notNull(),
    position: integer('position').notNull(),
    multiple: integer('multiple', { mode: 'boolean' }).notNull().default(false),
  },
  (t) => [uniqueIndex('quiz_questions_lesson_key_idx').on(t.lessonId, t.key)],
);

export const quizOptions = sqliteTable(
  'quiz_options',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    questionId: integer('question_id')
      .notNull()
      .references(() => quizQuestions.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    correct: integer('correct', { mode: 'boolean' }).notNull(),
  },
  (t) => [index('quiz_options_question_idx').on(t.questionId)],
);

/** One row per language for questions (prompt) and options (text, explanation). */
export const quizTexts = sqliteTable(
  'quiz_texts',
  {
    questionId: integer('question_id')
      .notNull()
      .references(() => quizQuestions.id, { onDelete: 'cascade' }),
    /** 0 for the question's prompt, else the option's position + 1. */
    optionPosition: integer('option_position').notNull(),
    language: text('language', { enum: LANGUAGES }).notNull(),
    text: text('text').notNull(),
    explanation: text('explanation').notNull().default(''),
  },
  (t) => [primaryKey({ columns: [t.questionId, t.optionPosition, t.language] })],
);

/**
 * A group of trainers taking a course together, from a start date. Every course has a default
 * cohort (`is_default`, open, no capacity, no dates), made by the trigger `courses_default_cohort`
 * (migration 0004, hand-written: drizzle-kit does not know triggers) whichever path inserts the
 * course; every enrolment made before cohorts existed moved there.
 */
export const cohorts = sqliteTable(
  'cohorts',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    courseId: integer('course_id')
      .notNull()
      .references(() => courses.id, { onDelete: 'cascade' }),
    /** Empty for a course's default cohort: the page names it in the reader's language. */
    name: text('name').notNull().default(''),
    isDefault: integer('is_default', { mode: 'boolean' }).notNull().default(false),
    /** Unix ms of the start day's midnight UTC; lessons cannot be completed before it. */
    startsAt: integer('starts_at', { mode: 'number' }),
    /** Unix ms of the end day's last millisecond UTC. */
    endsAt: integer('ends_at', { mode: 'number' }),
    /** Seats; NULL for no limit. Enrolling when full puts the trainer on the waitlist. */
    capacity: integer('capacity'),
    facilitatorId: integer('facilitator_id').references(() => users.id, { onDelete: 'set null' }),
    /** Trainers may enrol themselves (with the key, when one is set). Admins can always enrol. */
    enrolmentOpen: integer('enrolment_open', { mode: 'boolean' }).notNull().default(true),
    /** Shared with the cohort by its facilitator; kept readable so that admins can pass it on. */
    enrolmentKey: text('enrolment_key'),
    /** Whether lessons completed after `ends_at` still count. */
    completionsAfterEnd: integer('completions_after_end', { mode: 'boolean' }).notNull().default(true),
    createdAt: createdAt(),
  },
  (t) => [index('cohorts_course_idx').on(t.courseId)],
);

export const enrolments = sqliteTable(
  'enrolments',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    courseId: integer('course_id')
      .notNull()
      .references(() => courses.id, { onDelete: 'cascade' }),
    /** Set for every row by migration 0004; a course's enrolments are in one of its cohorts. */
    cohortId: integer('cohort_id').references(() => cohorts.id),
    enrolledAt: integer('enrolled_at', { mode: 'number' }).notNull(),
    completedAt: integer('completed_at', { mode: 'number' }),
    /** Set when the trainer is withdrawn: the seat is free, their progress and certificate stay. */
    withdrawnAt: integer('withdrawn_at', { mode: 'number' }),
    /**
     * What the reports count, kept by triggers (migration 0007) whichever code path writes:
     * lessons completed in the course, of them the required ones not archived, and the last
     * completion, quiz attempt or reflection. A report then reads one row per enrolment instead
     * of the trainer's progress, attempts and reflections.
     */
    lessonsDone: integer('lessons_done').notNull().default(0),
    requiredDone: integer('required_done').notNull().default(0),
    lastActiveAt: integer('last_active_at', { mode: 'number' }),
  },
  (t) => [
    uniqueIndex('enrolments_user_course_idx').on(t.userId, t.courseId),
    /** Covers the per-course enrolment and completion counts of the admin report. */
    index('enrolments_course_completed_idx').on(t.courseId, t.completedAt),
    /** Seats taken: the active enrolments of a cohort. */
    index('enrolments_cohort_idx').on(t.cohortId, t.withdrawnAt),
  ],
);

/** Trainers waiting for a seat in a full cohort, first come first served (`created_at`, then id). */
export const waitlist = sqliteTable(
  'waitlist',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    cohortId: integer('cohort_id')
      .notNull()
      .references(() => cohorts.id, { onDelete: 'cascade' }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: integer('created_at', { mode: 'number' }).notNull(),
  },
  (t) => [uniqueIndex('waitlist_cohort_user_idx').on(t.cohortId, t.userId), index('waitlist_user_idx').on(t.userId)],
);

/**
 * An invitation to join the region (and, optionally, a cohort). The link's token is stored only as
 * its SHA-256, like session tokens. State: accepted, revoked, expired (`expires_at` passed), else
 * pending. A resend replaces the token hash and the expiry, so an older link stops working.
 */
export const invitations = sqliteTable(
  'invitations',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    email: text('email').notNull(),
    name: text('name').notNull().default(''),
    language: text('language', { enum: LANGUAGES }).notNull(),
    tokenHash: text('token_hash').notNull().unique(),
    cohortId: integer('cohort_id').references(() => cohorts.id, { onDelete: 'set null' }),
    invitedBy: integer('invited_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: integer('created_at', { mode: 'number' }).notNull(),
    expiresAt: integer('expires_at', { mode: 'number' }).notNull(),
    acceptedAt: integer('accepted_at', { mode: 'number' }),
    acceptedBy: integer('accepted_by').references(() => users.id, { onDelete: 'set null' }),
    revokedAt: integer('revoked_at', { mode: 'number' }),
  },
  (t) => [index('invitations_email_idx').on(t.email), index('invitations_created_idx').on(t.createdAt)],
);

export const ACCOUNT_TOKEN_PURPOSES = ['password-reset', 'email-change'] as const;
export type AccountTokenPurpose = (typeof ACCOUNT_TOKEN_PURPOSES)[number];

/** Single-use emailed links about one account (password reset, new email confirmation), hashed. */
export const accountTokens = sqliteTable(
  'account_tokens',
  {
    tokenHash: text('token_hash').primaryKey(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    purpose: text('purpose', { enum: ACCOUNT_TOKEN_PURPOSES }).notNull(),
    /** The address an email change confirms. */
    newEmail: text('new_email'),
    expiresAt: integer('expires_at', { mode: 'number' }).notNull(),
    usedAt: integer('used_at', { mode: 'number' }),
    createdAt: createdAt(),
  },
  (t) => [index('account_tokens_user_idx').on(t.userId, t.purpose)],
);

export const lessonProgress = sqliteTable(
  'lesson_progress',
  {
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    lessonId: integer('lesson_id')
      .notNull()
      .references(() => lessons.id, { onDelete: 'cascade' }),
    /** Denormalised from the lesson: "this trainer's progress in this course" is one index range. */
    courseId: integer('course_id')
      .notNull()
      .references(() => courses.id, { onDelete: 'cascade' }),
    completedAt: integer('completed_at', { mode: 'number' }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.lessonId] }),
    index('lesson_progress_user_course_idx').on(t.userId, t.courseId),
    index('lesson_progress_lesson_idx').on(t.lessonId),
  ],
);

export const quizAttempts = sqliteTable(
  'quiz_attempts',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    lessonId: integer('lesson_id')
      .notNull()
      .references(() => lessons.id, { onDelete: 'cascade' }),
    score: integer('score').notNull(),
    maxScore: integer('max_score').notNull(),
    passed: integer('passed', { mode: 'boolean' }).notNull(),
    /** JSON: { [questionKey]: optionPositions[] } as the trainer answered. */
    answers: text('answers').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('quiz_attempts_user_lesson_idx').on(t.userId, t.lessonId)],
);

export const reflections = sqliteTable(
  'reflections',
  {
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    lessonId: integer('lesson_id')
      .notNull()
      .references(() => lessons.id, { onDelete: 'cascade' }),
    courseId: integer('course_id')
      .notNull()
      .references(() => courses.id, { onDelete: 'cascade' }),
    body: text('body').notNull(),
    updatedAt: integer('updated_at', { mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.lessonId] }), index('reflections_user_course_idx').on(t.userId, t.courseId)],
);

export const certificates = sqliteTable(
  'certificates',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    code: text('code').notNull().unique(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    courseId: integer('course_id')
      .notNull()
      .references(() => courses.id, { onDelete: 'cascade' }),
    issuedAt: integer('issued_at', { mode: 'number' }).notNull(),
  },
  (t) => [uniqueIndex('certificates_user_course_idx').on(t.userId, t.courseId)],
);

/**
 * One row: the version of the published content. Every content import (and every publish) raises
 * it; the public page cache keys anonymous pages by it, so a change is never hidden by a cached
 * copy of the old text.
 */
export const contentVersion = sqliteTable('content_version', {
  id: integer('id').primaryKey(),
  version: integer('version').notNull(),
});

/**
 * The Studio's working copy of a course: every admin edit lands here, and trainers see only what
 * was published (the tables above). Texts are JSON objects by language ({"pl": …, "en": …}).
 * `changed_at` later than the latest version's `created_at` means unpublished changes.
 */
export const draftCourses = sqliteTable('draft_courses', {
  courseId: integer('course_id')
    .primaryKey()
    .references(() => courses.id, { onDelete: 'cascade' }),
  slug: text('slug').notNull(),
  family: text('family', { enum: FAMILIES }).notNull(),
  mainLanguage: text('main_language', { enum: LANGUAGES }).notNull(),
  estimatedMinutes: integer('estimated_minutes').notNull(),
  title: text('title').notNull().default('{}'),
  summary: text('summary').notNull().default('{}'),
  /** Raised by every save of these settings: a save made from an older revision is a conflict. */
  revision: integer('revision').notNull().default(1),
  changedAt: integer('changed_at', { mode: 'number' }).notNull(),
});

export const draftModules = sqliteTable(
  'draft_modules',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    courseId: integer('course_id')
      .notNull()
      .references(() => courses.id, { onDelete: 'cascade' }),
    key: text('key').notNull(),
    position: integer('position').notNull(),
    title: text('title').notNull().default('{}'),
  },
  (t) => [uniqueIndex('draft_modules_course_key_idx').on(t.courseId, t.key), index('draft_modules_course_idx').on(t.courseId, t.position)],
);

export const draftLessons = sqliteTable(
  'draft_lessons',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    courseId: integer('course_id')
      .notNull()
      .references(() => courses.id, { onDelete: 'cascade' }),
    moduleId: integer('module_id')
      .notNull()
      .references(() => draftModules.id, { onDelete: 'cascade' }),
    key: text('key').notNull(),
    /** Position within its module. */
    position: integer('position').notNull(),
    kind: text('kind', { enum: LESSON_KINDS }).notNull(),
    required: integer('required', { mode: 'boolean' }).notNull().default(true),
    passPercent: integer('pass_percent'),
    sources: text('sources').notNull().default('[]'),
    title: text('title').notNull().default('{}'),
    /** Markdown by language. */
    body: text('body').notNull().default('{}'),
    /** JSON array of questions in the bundle's shape (see src/content/bundle.ts QuestionBundle). */
    questions: text('questions').notNull().default('[]'),
    /** Raised by every save: two admins saving the same lesson is a conflict, not a lost text. */
    revision: integer('revision').notNull().default(1),
  },
  (t) => [uniqueIndex('draft_lessons_course_key_idx').on(t.courseId, t.key), index('draft_lessons_module_idx').on(t.moduleId, t.position)],
);

/** Every publish, numbered per course, immutable: the course as published (JSON), who, when, why. */
export const courseVersions = sqliteTable(
  'course_versions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    courseId: integer('course_id')
      .notNull()
      .references(() => courses.id, { onDelete: 'cascade' }),
    number: integer('number').notNull(),
    doc: text('doc').notNull(),
    note: text('note').notNull().default(''),
    authorId: integer('author_id').references(() => users.id, { onDelete: 'set null' }),
    createdAt: integer('created_at', { mode: 'number' }).notNull(),
  },
  (t) => [uniqueIndex('course_versions_course_number_idx').on(t.courseId, t.number)],
);

/** Who created, changed, published, rolled back, imported or exported what, and when. */
export const auditLog = sqliteTable(
  'audit_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    userId: integer('user_id').references(() => users.id, { onDelete: 'set null' }),
    action: text('action').notNull(),
    courseId: integer('course_id').references(() => courses.id, { onDelete: 'set null' }),
    /** What was acted on, in words an admin reads (a lesson's key, a version number). */
    detail: text('detail').notNull().default(''),
    createdAt: integer('created_at', { mode: 'number' }).notNull(),
  },
  (t) => [index('audit_log_created_idx').on(t.createdAt), index('audit_log_course_idx').on(t.courseId, t.createdAt)],
);

export const SIGNUP_POLICIES = ['open', 'invitation', 'domains'] as const;
export type SignupPolicy = (typeof SIGNUP_POLICIES)[number];

/**
 * One row (id = 1): the region's settings that admins change at /admin/settings. Until the first
 * save there is no row, and the wrangler.toml vars (SITE_NAME, DEFAULT_LANGUAGE, SIGNUP_OPEN) are
 * the settings (src/data/settings.ts). Texts by language are JSON objects ({"pl": …, "en": …});
 * privacy and terms keep their Markdown and the HTML rendered from it when saved.
 */
export const settings = sqliteTable('settings', {
  id: integer('id').primaryKey(),
  siteName: text('site_name').notNull(),
  /** The issuing organisation, printed on certificates and in the footer. */
  organisation: text('organisation').notNull().default(''),
  contactEmail: text('contact_email').notNull().default(''),
  /** An R2 key in MEDIA (`site/…`), or NULL for no logo. */
  logoKey: text('logo_key'),
  /** JSON array: the languages offered, a non-empty subset of LANGUAGES. */
  languages: text('languages').notNull(),
  defaultLanguage: text('default_language', { enum: LANGUAGES }).notNull(),
  signupPolicy: text('signup_policy', { enum: SIGNUP_POLICIES }).notNull(),
  /** JSON array of domains allowed to sign up when the policy is 'domains'. */
  signupDomains: text('signup_domains').notNull().default('[]'),
  privacy: text('privacy').notNull().default('{}'),
  privacyHtml: text('privacy_html').notNull().default('{}'),
  terms: text('terms').notNull().default('{}'),
  termsHtml: text('terms_html').notNull().default('{}'),
  /** Show the EU emblem with the funding statement in the footer and on certificates. */
  fundingEmblem: integer('funding_emblem', { mode: 'boolean' }).notNull().default(false),
  fundingStatement: text('funding_statement').notNull().default('{}'),
  /** JSON array of {key, name}: partner logos in MEDIA. */
  partnerLogos: text('partner_logos').notNull().default('[]'),
  csvSeparator: text('csv_separator', { enum: [';', ','] })
    .notNull()
    .default(';'),
  /** Ask trainers for an ESF+ participant profile when they enrol (participant_profiles). */
  askProfile: integer('ask_profile', { mode: 'boolean' }).notNull().default(false),
  /** JSON {"pl": …, "en": …}: the consent text shown with the profile's questions. */
  profileConsent: text('profile_consent').notNull().default('{}'),
  /** JSON {"pl": …, "en": …}: the separate, explicit consent for the disability question. */
  disabilityConsent: text('disability_consent').notNull().default('{}'),
  updatedAt: integer('updated_at', { mode: 'number' }).notNull(),
});

/**
 * The ESF+ participant profile's answers (Regulation (EU) 2021/1057, Annex I, point 1: common
 * output indicators for participants). Every question has "undisclosed" (prefer not to say).
 * - gender: the Annex breaks personal data down by women, men and non-binary persons.
 * - labour status: the Annex's employed (including self-employed), unemployed (including
 *   long-term unemployed: "long-term" is its own answer, counted in both), inactive. Being in
 *   education or training is not a category of its own in 2021/1057 (it was in 2014-2020's
 *   "inactive, not in education or training"): a student who neither works nor looks for work
 *   answers inactive, one who works answers employed.
 * - education: ISCED 0-2, 3-4 and 5-8, the Annex's three groups.
 * - disability: "participants with disabilities" (point 1.2), special-category data (GDPR Art. 9):
 *   stored only with its own explicit consent, NULL otherwise.
 */
export const GENDERS = ['woman', 'man', 'non_binary', 'undisclosed'] as const;
export type Gender = (typeof GENDERS)[number];
export const LABOUR_STATUSES = ['employed', 'unemployed', 'long_term_unemployed', 'inactive', 'undisclosed'] as const;
export type LabourStatus = (typeof LABOUR_STATUSES)[number];
export const EDUCATION_LEVELS = ['isced_0_2', 'isced_3_4', 'isced_5_8', 'undisclosed'] as const;
export type EducationLevel = (typeof EDUCATION_LEVELS)[number];
export const DISABILITY_ANSWERS = ['yes', 'no', 'undisclosed'] as const;
export type DisabilityAnswer = (typeof DISABILITY_ANSWERS)[number];

/**
 * A trainer's participant profile, asked for at enrolment where the region turned it on
 * (settings.ask_profile). One row per user. A trainer who declined has a row with no answers and
 * `consent_at` NULL (`declined_at` set), so that enrolling again does not ask again; withdrawing
 * a profile leaves only such a row. Deleting the account deletes the row (src/data/my-data.ts).
 */
export const participantProfiles = sqliteTable('participant_profiles', {
  userId: integer('user_id')
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  gender: text('gender', { enum: GENDERS }),
  /** NULL: prefer not to say. */
  birthYear: integer('birth_year'),
  labourStatus: text('labour_status', { enum: LABOUR_STATUSES }),
  education: text('education', { enum: EDUCATION_LEVELS }),
  /** Only with `disability_consent_at`; NULL otherwise. */
  disability: text('disability', { enum: DISABILITY_ANSWERS }),
  consentAt: integer('consent_at', { mode: 'number' }),
  disabilityConsentAt: integer('disability_consent_at', { mode: 'number' }),
  declinedAt: integer('declined_at', { mode: 'number' }),
  createdAt: integer('created_at', { mode: 'number' }).notNull(),
  updatedAt: integer('updated_at', { mode: 'number' }).notNull(),
});
