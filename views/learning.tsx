import { raw } from 'hono/html';
import type { LearningEntry } from '../src/data/learning';
import type { NotebookEntry } from '../src/data/notebook';
import { formatDate } from '../src/i18n';
import type { Ui } from './context';
import { Layout, ProgressBar, UserText } from './layout';

export function LearningPage({ ui, entries }: { ui: Ui; entries: LearningEntry[] }) {
  const { t } = ui;
  const inProgress = entries.filter((e) => e.completedAt === null);
  const completed = entries.filter((e) => e.completedAt !== null);
  return (
    <Layout ui={ui} title={t.learning.title}>
      <h1>{t.learning.title}</h1>
      <section aria-labelledby="in-progress">
        <h2 id="in-progress">{t.learning.inProgress}</h2>
        {inProgress.length === 0 ? (
          // "Not enrolled in any course" only when that is true: a trainer whose every course is
          // complete is told there is nothing in progress.
          <p>
            {entries.length === 0 ? t.learning.none : t.learning.noneInProgress} <a href="/courses">{t.home.browse}</a>
          </p>
        ) : (
          <ul class="cards">
            {inProgress.map((entry) => (
              <li class="card">
                <h3>
                  <a href={`/courses/${entry.slug}`}>{entry.title}</a>
                </h3>
                <ProgressBar ui={ui} done={entry.done} total={entry.total} />
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="completed">
        <h2 id="completed">{t.learning.completed}</h2>
        {completed.length === 0 ? (
          <p>{t.learning.noneCompleted}</p>
        ) : (
          <ul class="cards">
            {completed.map((entry) => (
              <li class="card">
                <h3>
                  <a href={`/courses/${entry.slug}`}>{entry.title}</a>
                </h3>
                <p>{t.course.completedOn(formatDate(entry.completedAt!, ui.lang))}</p>
                {entry.certificateCode && (
                  <p>
                    <a href={`/courses/${entry.slug}/certificate`}>{t.learning.certificate}</a>
                  </p>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>
    </Layout>
  );
}

export function NotebookPage({
  ui,
  courseTitle,
  slug,
  entries,
}: {
  ui: Ui;
  courseTitle: string;
  slug: string;
  entries: NotebookEntry[];
}) {
  const { t } = ui;
  return (
    <Layout ui={ui} title={t.notebook.title(courseTitle)}>
      <nav class="breadcrumbs no-print" aria-label="breadcrumbs">
        <a href={`/courses/${slug}`}>{courseTitle}</a>
      </nav>
      <h1>{t.notebook.title(courseTitle)}</h1>
      <p class="lead no-print">{t.notebook.lead}</p>
      {entries.length === 0 && <p>{t.notebook.empty}</p>}
      {entries.map((entry) => (
        <section class="notebook-entry" aria-labelledby={`entry-${entry.key}`}>
          <h2 id={`entry-${entry.key}`}>
            <a href={`/courses/${slug}/lessons/${entry.key}`}>{entry.title}</a>
          </h2>
          {/* The prompt is the lesson's body, rendered safe at import (src/markdown.ts). */}
          <div class="prompt prose">{raw(entry.prompt)}</div>
          {/* The trainer's own answer is what this page is for: it leads, the prompt is set small. */}
          {entry.body ? (
            <div class="answer">
              <h3 class="answer-label">{t.notebook.yourAnswer}</h3>
              {entry.body.split(/\n{2,}/).map((paragraph) => (
                <p dir="auto">
                  <UserText>{paragraph}</UserText>
                </p>
              ))}
              <p class="meta">{formatDate(entry.updatedAt!, ui.lang)}</p>
            </div>
          ) : (
            <p class="meta">{t.notebook.unanswered}</p>
          )}
        </section>
      ))}
    </Layout>
  );
}
