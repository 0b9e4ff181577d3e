import type { CatalogueEntry } from '../src/data/catalogue';
import { FAMILIES, LANGUAGES, type Language } from '../src/data/schema';
import { dictionaries } from '../src/i18n';
import { catalogueUrl, courseUrl } from '../src/urls';
import type { Ui } from './context';
import { Layout } from './layout';

type Props = { ui: Ui; courses: CatalogueEntry[]; filter: Language | null };

export function CataloguePage({ ui, courses, filter }: Props) {
  const { t } = ui;
  return (
    <Layout ui={ui} title={t.catalogue.title}>
      <section class="intro">
        <h1>{t.home.title}</h1>
        <p class="lead">{t.home.lead}</p>
      </section>
      <form method="get" action={catalogueUrl()} class="filter">
        <label for="filter-language">{t.catalogue.filterLabel}</label>
        <select id="filter-language" name="lang">
          <option value="" selected={!filter}>
            {t.catalogue.allLanguages}
          </option>
          {LANGUAGES.map((code) => (
            <option value={code} selected={filter === code}>
              {dictionaries[code].languageName}
            </option>
          ))}
        </select>
        <button type="submit">{t.catalogue.apply}</button>
      </form>
      {courses.length === 0 && <p>{t.catalogue.empty}</p>}
      {FAMILIES.map((family) => {
        const inFamily = courses.filter((course) => course.family === family);
        if (inFamily.length === 0) return null;
        return (
          <section class="family" aria-labelledby={`family-${family}`}>
            <h2 id={`family-${family}`}>{t.families[family]}</h2>
            <ul class="cards">
              {inFamily.map((course) => (
                <li class="card">
                  <h3>
                    <a href={courseUrl(course.slug)}>{course.title}</a>
                  </h3>
                  <p>{course.summary}</p>
                  <p class="meta">
                    {t.catalogue.lessons(course.lessonCount)} · {t.catalogue.minutes(course.estimatedMinutes)} ·{' '}
                    {course.languages.map((code) => code.toUpperCase()).join(' / ')}
                    {course.completed ? (
                      <span class="badge done"> {t.catalogue.completed}</span>
                    ) : course.enrolled ? (
                      <span class="badge"> {t.catalogue.enrolled}</span>
                    ) : null}
                  </p>
                </li>
              ))}
            </ul>
          </section>
        );
      })}
    </Layout>
  );
}
