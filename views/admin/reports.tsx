import type { CourseReport } from '../../src/data/reports';
import { courseUrl } from '../../src/urls';
import type { Ui } from '../context';
import { Layout, ScrollTable } from '../layout';
import { StudioNav } from './courses';

export function ReportsPage({ ui, report, trainers }: { ui: Ui; report: CourseReport[]; trainers: number }) {
  const { t } = ui;
  return (
    <Layout ui={ui} title={t.admin.title}>
      <StudioNav ui={ui} />
      <h1>{t.admin.title}</h1>
      <p class="lead">{t.admin.lead}</p>
      <p>
        {t.admin.trainers}: <strong>{trainers}</strong>
      </p>
      <ScrollTable ui={ui} label={t.admin.title}>
        <table>
          <thead>
            <tr>
              <th scope="col">{t.admin.course}</th>
              <th scope="col">{t.admin.enrolments}</th>
              <th scope="col">{t.admin.completions}</th>
            </tr>
          </thead>
          <tbody>
            {report.map((row) => (
              <tr>
                <th scope="row">
                  <a href={courseUrl(row.slug)}>{row.title}</a>
                </th>
                <td>{row.enrolments}</td>
                <td>{row.completions}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollTable>
    </Layout>
  );
}
