import { raw } from 'hono/html';
import type { NotebookEntry } from '../src/data/notebook';
import { formatDate } from '../src/i18n';
import { courseUrl, lessonUrl } from '../src/urls';
import type { Ui } from './context';
import { Layout, UserText } from './layout';

export function NotebookPage({ ui, courseTitle, slug, entries }: { ui: Ui; courseTitle: string; slug: string; entries: NotebookEntry[] }) {
  const { t } = ui;
  return (
    <Layout ui={ui} title={t.notebook.title(courseTitle)}>
      <nav class="breadcrumbs no-print" aria-label="breadcrumbs">
        <a href={courseUrl(slug)}>{courseTitle}</a>
      </nav>
      <h1>{t.notebook.title(courseTitle)}</h1>
      <p class="lead no-print">{t.notebook.lead}</p>
      {entries.length === 0 && <p>{t.notebook.empty}</p>}
      {entries.map((entry) => (
        <section class="notebook-entry" aria-labelledby={`entry-${entry.key}`}>
          <h2 id={`entry-${entry.key}`}>
            <a href={lessonUrl(slug, entry.key)}>{entry.title}</a>
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
              {entry.updatedAt !== null && <p class="meta">{formatDate(entry.updatedAt, ui.lang)}</p>}
            </div>
          ) : (
            <p class="meta">{t.notebook.unanswered}</p>
          )}
        </section>
      ))}
    </Layout>
  );
}
