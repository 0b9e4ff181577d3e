/** Every URL the app links to or redirects to, built in one place for routes, views and tests. */

export const catalogueUrl = (lang?: string) => (lang ? `/courses?lang=${encodeURIComponent(lang)}` : '/courses');
export const courseUrl = (slug: string) => `/courses/${slug}`;
export const enrolUrl = (slug: string) => `${courseUrl(slug)}/enrol`;
export const notebookUrl = (slug: string) => `${courseUrl(slug)}/notebook`;
export const courseCertificateUrl = (slug: string) => `${courseUrl(slug)}/certificate`;
export const lessonUrl = (slug: string, key: string) => `${courseUrl(slug)}/lessons/${key}`;
export const completeUrl = (slug: string, key: string) => `${lessonUrl(slug, key)}/complete`;
export const attemptsUrl = (slug: string, key: string) => `${lessonUrl(slug, key)}/attempts`;
export const reflectionUrl = (slug: string, key: string) => `${lessonUrl(slug, key)}/reflection`;
export const certificateCheckUrl = (code?: string) => (code ? `/certificates/${code}` : '/certificates');
export const learningUrl = () => '/learning';
export const adminUrl = () => '/admin';
export const signInUrl = (next?: string) => (next ? `/sign-in?next=${encodeURIComponent(next)}` : '/sign-in');
export const signUpUrl = () => '/sign-up';
export const signOutUrl = () => '/sign-out';
export const languageUrl = () => '/language';

// The Studio (admins only).
export const studioUrl = () => '/admin/courses';
export const studioCourseUrl = (id: number) => `/admin/courses/${id}`;
export const studioModulesUrl = (id: number) => `${studioCourseUrl(id)}/modules`;
export const studioModuleUrl = (id: number, moduleId: number) => `${studioModulesUrl(id)}/${moduleId}`;
export const studioLessonsUrl = (id: number) => `${studioCourseUrl(id)}/lessons`;
export const studioLessonUrl = (id: number, lessonId: number) => `${studioLessonsUrl(id)}/${lessonId}`;
export const studioPreviewUrl = (lang: string) => `/admin/preview?lang=${lang}`;
export const publishUrl = (id: number) => `${studioCourseUrl(id)}/publish`;
export const versionsUrl = (id: number) => `${studioCourseUrl(id)}/versions`;
export const versionUrl = (id: number, number: number) => `${versionsUrl(id)}/${number}`;
export const auditUrl = () => '/admin/audit';
export const reportsUrl = () => adminUrl();
export const adminMediaUrl = (course?: string, uploaded?: string) =>
  `/admin/media${course ? `?course=${encodeURIComponent(course)}${uploaded ? `&uploaded=${encodeURIComponent(uploaded)}` : ''}` : ''}`;
export const mediaUrl = (key: string) => `/media/${key}`;

// The local outbox (src/routes/dev.tsx): only where mail goes to it.
export const outboxUrl = () => '/dev/outbox';
export const outboxMessageUrl = (id: string) => `/dev/outbox/${id}`;

// A new region's first admin (src/routes/setup.tsx).
export const setupUrl = () => '/setup';

// A trainer's own data (src/routes/my-data.tsx): the export, and deleting the account.
export const myDataUrl = () => '/account/data';
export const myDataExportUrl = () => `${myDataUrl()}/export.json`;
export const myDataCsvUrl = (table: string) => `${myDataUrl()}/${table}.csv`;
export const deleteAccountUrl = () => '/account/delete';
export const accountDeletedUrl = () => '/account/deleted';

// Invitations (src/routes/admin/invitations.tsx, src/routes/invitations.tsx).
export const invitationsUrl = () => '/admin/invitations';
export const invitationsFilterUrl = (state: string) => `${invitationsUrl()}?state=${encodeURIComponent(state)}`;
export const newInvitationsUrl = () => `${invitationsUrl()}/new`;
export const resendInvitationUrl = (id: number) => `${invitationsUrl()}/${id}/resend`;
export const revokeInvitationUrl = (id: number) => `${invitationsUrl()}/${id}/revoke`;
export const invitationUrl = (token: string) => `/invitations/${token}`;
export const acceptInvitationUrl = (token: string) => `${invitationUrl(token)}/accept`;

// People (admins only). The list's filters travel in its query string, empty ones left out.
export const peopleUrl = (filters: Record<string, string | number | null | undefined> = {}) => {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(filters))
    if (value !== null && value !== undefined && value !== '') query.set(name, String(value));
  return query.size ? `/admin/people?${query}` : '/admin/people';
};
export const personUrl = (id: number, done?: string) => `/admin/people/${id}${done ? `?done=${done}` : ''}`;
export const personRoleUrl = (id: number) => `/admin/people/${id}/role`;
export const deactivateUrl = (id: number) => `/admin/people/${id}/deactivate`;
export const reactivateUrl = (id: number) => `/admin/people/${id}/reactivate`;

// Cohorts: a trainer's waitlist, the Studio's cohorts of a course and a cohort's page.
export const leaveWaitlistUrl = (slug: string) => `${courseUrl(slug)}/waitlist/leave`;
export const studioCohortsUrl = (courseId: number) => `${studioCourseUrl(courseId)}/cohorts`;
export const cohortUrl = (id: number) => `/admin/cohorts/${id}`;
export const cohortEditUrl = (id: number) => `${cohortUrl(id)}/edit`;
export const cohortEnrolUrl = (id: number) => `${cohortUrl(id)}/enrol`;
export const cohortWithdrawUrl = (id: number, userId: number) => `${cohortUrl(id)}/members/${userId}/withdraw`;
export const cohortUnwaitUrl = (id: number, userId: number) => `${cohortUrl(id)}/waitlist/${userId}/remove`;

// The trainer's own account (src/routes/account.tsx, src/routes/password-reset.tsx).
export const accountUrl = (done?: string) => (done ? `/account?done=${encodeURIComponent(done)}` : '/account');
export const accountProfileUrl = () => '/account/profile';
export const accountEmailUrl = () => '/account/email';
export const confirmEmailUrl = (token: string) => `/account/email/${token}`;
export const accountPasswordUrl = () => '/account/password';
export const participantProfileUrl = () => '/account/participant-profile';
export const withdrawProfileUrl = () => '/account/participant-profile/withdraw';
export const accountSessionsUrl = (which: 'others' | 'all') => `/account/sessions/${which}`;
export const passwordResetUrl = (token?: string) => (token ? `/password-reset/${token}` : '/password-reset');
export const adminSettingsUrl = (saved?: boolean) => (saved ? '/admin/settings?saved=1' : '/admin/settings');
export const privacyUrl = () => '/privacy';
export const termsUrl = () => '/terms';

// Reports (admins only): a course's report and its tables as CSV, with the same filters.
export type ReportFilters = { cohort?: number | null; from?: string | null; to?: string | null };
const reportQuery = (filters: ReportFilters) => {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(filters))
    if (value !== null && value !== undefined && value !== '') query.set(name, String(value));
  return query.size ? `?${query}` : '';
};
export const courseReportUrl = (id: number, filters: ReportFilters = {}) => `/admin/reports/courses/${id}${reportQuery(filters)}`;
export const courseReportCsvUrl = (id: number, table: string, filters: ReportFilters = {}) =>
  `/admin/reports/courses/${id}/${table}.csv${reportQuery(filters)}`;
/** The funder indicators (ESF+, Interreg) of a course, cohort and period. */
export const indicatorsUrl = (id: number, filters: ReportFilters = {}) => `/admin/reports/courses/${id}/indicators${reportQuery(filters)}`;
export const indicatorsCsvUrl = (id: number, filters: ReportFilters = {}) =>
  `/admin/reports/courses/${id}/indicators.csv${reportQuery(filters)}`;
