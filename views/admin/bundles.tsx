import type { StudioCourse } from '../../src/data/admin/courses';
import { studioUrl } from '../../src/urls';
import type { Ui } from '../context';
import { Layout } from '../layout';
import { StudioNav } from './courses';
import { Select } from './form';

export function ImportPage({
  ui,
  courses,
  problems = [],
  target = 'new',
}: {
  ui: Ui;
  courses: StudioCourse[];
  problems?: string[];
  target?: string;
}) {
  const { t } = ui;
  return (
    <Layout ui={ui} title={t.studio.importTitle} wide>
      <StudioNav ui={ui} />
      <h1>{t.studio.importTitle}</h1>
      <p class="lead">{t.studio.importLead}</p>
      {problems.length > 0 && (
        <section class="problems" role="alert" aria-labelledby="import-problems">
          <h2 id="import-problems">{t.studio.importProblems}</h2>
          <ul>
            {problems.map((p) => (
              <li>
                <code>{p}</code>
              </li>
            ))}
          </ul>
        </section>
      )}
      <form method="post" action={`${studioUrl()}/import`} enctype="multipart/form-data" class="stack narrow">
        <div class="field">
          <label for="f-file">{t.studio.importFile}</label>
          <input id="f-file" name="file" type="file" accept=".zip,application/zip" required />
        </div>
        <Select
          name="target"
          label={t.studio.importTarget}
          value={target}
          options={[
            { value: 'new', label: t.studio.importAsNew },
            ...courses.map((c) => ({ value: String(c.id), label: t.studio.importAsDraftOf(c.title[c.mainLanguage] ?? c.slug) })),
          ]}
        />
        <button type="submit" class="button primary">
          {t.studio.import}
        </button>
      </form>
    </Layout>
  );
}
