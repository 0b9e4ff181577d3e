import { catalogueUrl } from '../src/urls';
import type { Ui } from './context';
import { Layout } from './layout';

export type ErrorKind = 'notFound' | 'forbidden' | 'server' | 'badRequest' | 'tooLarge';

export function ErrorPage({ ui, kind }: { ui: Ui; kind: ErrorKind }) {
  const { errors } = ui.t;
  const title = errors[`${kind}Title`];
  return (
    <Layout ui={ui} title={title}>
      <h1>{title}</h1>
      <p>{errors[kind]}</p>
      <p>
        <a href={catalogueUrl()}>{errors.home}</a>
      </p>
    </Layout>
  );
}
