import type { CourseDoc } from '../../src/content/bundle';
import type { AuditEntry } from '../../src/data/admin/audit';
import type { Draft } from '../../src/data/admin/courses';
import type { VersionSummary } from '../../src/data/admin/versions';
import { formatDate, formatTime } from '../../src/i18n';
import { publishUrl, studioCourseUrl, versionsUrl, versionUrl } from '../../src/urls';
import type { Ui } from '../context';
import { Layout, ScrollTable, UserText } from '../layout';
import { StudioNav } from './courses';
import { Input } from './form';

export type Problem = { where: string; message: string; href: string };

/** What publishing changes for trainers, lesson by lesson (by key). */
export type Changes = {
  added: string[];
  removed: { title: string; trainers: number }[];
  changed: string[];
};

export function PublishPage({
  ui,
  draft,
  problems,
  changes,
  nothingToPublish,
}: {
  ui: Ui;
  draft: Draft;
  problems: Problem[];
  changes: Changes;
  nothingToPublish: boolean;
}) {
  const { t } = ui;
  const title = draft.title[draft.mainLanguage] ?? draft.slug;
  return (
    <Layout ui={ui} title={`${t.studio.publishTitle} · ${title}`} wide>
      <StudioNav ui={ui} />
      <p>
        <a href={studioCourseUrl(draft.id)}>← {title}</a>
      </p>
      <h1>{t.studio.publishTitle}</h1>
      <p class="lead">{t.studio.publishLead}</p>
      {problems.length > 0 && (
        <section class="problems" aria-labelledby="problems" role="alert">
          <h2 id="problems">{t.studio.problems}</h2>
          <ul>
            {problems.map((p) => (
              <li>
                <a href={p.href}>{p.where}</a>: {p.message}
              </li>
            ))}
          </ul>
        </section>
      )}
      <section aria-labelledby="changes">
        <h2 id="changes">{t.studio.changes}</h2>
        <ChangeList title={t.studio.added} items={changes.added} none={t.studio.none} />
        <h3>{t.studio.removed}</h3>
        {changes.removed.length === 0 ? (
          <p>{t.studio.none}</p>
        ) : (
          <ul>
            {changes.removed.map((r) => (
              <li>
                {r.title} — {t.studio.trainersWithProgress(r.trainers)}
              </li>
            ))}
          </ul>
        )}
        <ChangeList title={t.studio.changedLessons} items={changes.changed} none={t.studio.none} />
      </section>
      {nothingToPublish && problems.length === 0 && <p class="notice ok">{t.studio.nothingToPublish}</p>}
      {problems.length === 0 && (
        <form method="post" action={publishUrl(draft.id)} class="stack narrow">
          <Input name="note" label={t.studio.note} maxlength={500} />
          <button type="submit" class="button primary">
            {t.studio.publish}
          </button>
        </form>
      )}
    </Layout>
  );
}

function ChangeList({ title, items, none }: { title: string; items: string[]; none: string }) {
  return (
    <>
      <h3>{title}</h3>
      {items.length === 0 ? (
        <p>{none}</p>
      ) : (
        <ul>
          {items.map((i) => (
            <li>{i}</li>
          ))}
        </ul>
      )}
    </>
  );
}

export function VersionsPage({
  ui,
  draft,
  versions,
  notice,
}: {
  ui: Ui;
  draft: Draft;
  versions: VersionSummary[];
  notice?: string | undefined;
}) {
  const { t } = ui;
  const title = draft.title[draft.mainLanguage] ?? draft.slug;
  return (
    <Layout ui={ui} title={`${t.studio.versions} · ${title}`} wide>
      <StudioNav ui={ui} />
      <p>
        <a href={studioCourseUrl(draft.id)}>← {title}</a>
      </p>
      <h1>{t.studio.versions}</h1>
      {notice && (
        <p class="notice ok" role="status">
          {notice}
        </p>
      )}
      <p class="lead">{t.studio.versionsLead}</p>
      <ScrollTable ui={ui} label={t.studio.versions}>
        <table>
          <thead>
            <tr>
              <th scope="col">{t.studio.number}</th>
              <th scope="col">{t.studio.date}</th>
              <th scope="col">{t.studio.author}</th>
              <th scope="col">{t.studio.note}</th>
            </tr>
          </thead>
          <tbody>
            {versions.map((v) => (
              <tr>
                <th scope="row">
                  <a href={versionUrl(draft.id, v.number)}>{v.number}</a>
                </th>
                <td>{`${formatDate(v.createdAt, ui.lang)} ${formatTime(v.createdAt, ui.lang)}`}</td>
                <td>{v.author ? <UserText>{v.author}</UserText> : '–'}</td>
                <td>{v.note}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollTable>
    </Layout>
  );
}

export function VersionPage({ ui, draft, version }: { ui: Ui; draft: Draft; version: VersionSummary & { doc: CourseDoc } }) {
  const { t } = ui;
  const { doc } = version;
  const main = doc.mainLanguage;
  return (
    <Layout ui={ui} title={`${t.studio.version} ${version.number} · ${doc.title[main] ?? doc.slug}`} wide>
      <StudioNav ui={ui} />
      <p>
        <a href={versionsUrl(draft.id)}>← {t.studio.versions}</a>
      </p>
      <h1>
        {t.studio.version} {version.number}: {doc.title[main] ?? doc.slug}
      </h1>
      <p>
        {`${formatDate(version.createdAt, ui.lang)} ${formatTime(version.createdAt, ui.lang)}`}
        {version.author && (
          <>
            {' · '}
            <UserText>{version.author}</UserText>
          </>
        )}
        {version.note && ` · ${version.note}`}
      </p>
      <p class="hint" id="rollback-hint">
        {t.studio.rollbackConfirm(version.number)}
      </p>
      <p>
        <a class="button" href={`${studioCourseUrl(draft.id)}/export?version=${version.number}`}>
          {t.studio.exportVersion}
        </a>
      </p>
      <form method="post" action={`${versionUrl(draft.id, version.number)}/rollback`}>
        <button type="submit" class="button primary" aria-describedby="rollback-hint">
          {t.studio.rollback}
        </button>
      </form>
      <h2>{t.studio.outline}</h2>
      <ol>
        {doc.modules.map((m) => (
          <li>
            {m.title[main] ?? m.key}
            <ol>
              {m.lessons.map((l) => (
                <li>
                  {l.title[main] ?? l.key} <span class="meta">({t.course.kind[l.kind]})</span>
                </li>
              ))}
            </ol>
          </li>
        ))}
      </ol>
    </Layout>
  );
}

export function AuditPage({ ui, entries }: { ui: Ui; entries: AuditEntry[] }) {
  const { t } = ui;
  return (
    <Layout ui={ui} title={t.studio.audit} wide>
      <StudioNav ui={ui} />
      <h1>{t.studio.audit}</h1>
      <ScrollTable ui={ui} label={t.studio.audit}>
        <table>
          <thead>
            <tr>
              <th scope="col">{t.studio.date}</th>
              <th scope="col">{t.studio.who}</th>
              <th scope="col">{t.studio.action}</th>
              <th scope="col">{t.studio.course}</th>
              <th scope="col">{t.studio.what}</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <tr>
                <td>{`${formatDate(e.createdAt, ui.lang)} ${formatTime(e.createdAt, ui.lang)}`}</td>
                <td>{e.who ? <UserText>{e.who}</UserText> : t.studio.system}</td>
                <td>{t.studio.actions[e.action as keyof typeof t.studio.actions] ?? e.action}</td>
                <td>{e.course ?? '–'}</td>
                <td>{e.detail}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollTable>
    </Layout>
  );
}
