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

// The trainer's own account (src/routes/account.tsx, src/routes/password-reset.tsx).
export const accountUrl = (done?: string) => (done ? `/account?done=${encodeURIComponent(done)}` : '/account');
export const accountProfileUrl = () => '/account/profile';
export const accountEmailUrl = () => '/account/email';
export const confirmEmailUrl = (token: string) => `/account/email/${token}`;
export const accountPasswordUrl = () => '/account/password';
export const accountSessionsUrl = (which: 'others' | 'all') => `/account/sessions/${which}`;
export const passwordResetUrl = (token?: string) => (token ? `/password-reset/${token}` : '/password-reset');
export const myDataUrl = () => '/account/data';
