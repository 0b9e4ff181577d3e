import type { Learning, LearningEntry } from '../src/data/learning';
import { formatDate } from '../src/i18n';
import { catalogueUrl, courseCertificateUrl, courseUrl } from '../src/urls';
import type { Ui } from './context';
import { cohortDates, cohortNameText } from './courses';
import { Layout, ProgressBar } from './layout';

export function LearningPage({ ui, learning }: { ui: Ui; learning: Learning }) {
  const { t } = ui;
  const { entries, waiting } = learning;
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
            {entries.length === 0 ? t.learning.none : t.learning.noneInProgress} <a href={catalogueUrl()}>{t.home.browse}</a>
          </p>
        ) : (
          <ul class="cards">
            {inProgress.map((entry) => (
              <li class="card">
                <h3>
                  <a href={courseUrl(entry.slug)}>{entry.title}</a>
                </h3>
                <CohortLine ui={ui} entry={entry} />
                <ProgressBar ui={ui} done={entry.done} total={entry.total} />
              </li>
            ))}
          </ul>
        )}
      </section>
      {waiting.length > 0 && (
        <section aria-labelledby="waiting">
          <h2 id="waiting">{t.cohorts.waitingTitle}</h2>
          <ul class="cards">
            {waiting.map((entry) => (
              <li class="card">
                <h3>
                  <a href={courseUrl(entry.slug)}>{entry.title}</a>
                </h3>
                <CohortLine ui={ui} entry={entry} />
                <p>{t.cohorts.waitlistPosition(entry.position)}</p>
              </li>
            ))}
          </ul>
        </section>
      )}
      <section aria-labelledby="completed">
        <h2 id="completed">{t.learning.completed}</h2>
        {completed.length === 0 ? (
          <p>{t.learning.noneCompleted}</p>
        ) : (
          <ul class="cards">
            {completed.map((entry) => (
              <li class="card">
                <h3>
                  <a href={courseUrl(entry.slug)}>{entry.title}</a>
                </h3>
                <CohortLine ui={ui} entry={entry} />
                <p>{t.course.completedOn(formatDate(entry.completedAt ?? entry.enrolledAt, ui.lang))}</p>
                {entry.certificateCode && (
                  <p>
                    <a href={courseCertificateUrl(entry.slug)}>{t.learning.certificate}</a>
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

/** The cohort's name and dates (the default cohort, without dates, is not worth a line). */
function CohortLine({ ui, entry }: { ui: Ui; entry: Pick<LearningEntry, 'cohort'> }) {
  const { cohort } = entry;
  const dates = cohortDates(ui, cohort);
  if (cohort.isDefault && !dates) return null;
  return <p class="meta">{[cohortNameText(ui.t, cohort), dates].filter(Boolean).join(' · ')}</p>;
}
