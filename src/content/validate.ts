/**
 * Whether a course doc (a Studio draft) would import: it is written out as bundle files and read
 * back with the importer's own parser, so publishing applies exactly the rules of
 * `content:import`, and what the Studio publishes can always be exported and imported again.
 */
import { type BundleError, type CourseBundle, type CourseDoc, parseBundles } from './bundle';
import { serializeCourse } from './serialize';

export function bundleOfDoc(doc: CourseDoc, published = true): CourseBundle {
  return {
    ...doc,
    published,
    modules: doc.modules.map((m) => ({ ...m, lessons: m.lessons.map((l) => ({ ...l, file: '' })) })),
  };
}

/**
 * A problem with the module or lesson key it is about (from the file it was found in) and the
 * Studio form field it belongs to, named as the forms name them (`title.pl`, `body.en`, `q.0`).
 */
export type DocProblem = BundleError & { module?: string; lesson?: string; field?: string };

export function validateDoc(doc: CourseDoc): DocProblem[] {
  const parsed = parseBundles(serializeCourse(bundleOfDoc(doc)));
  if (parsed.ok) return [];
  return parsed.errors.map((error) => {
    const lesson = /\/\d{2}-[^/]+\/\d{2}-([^/]+)\.md$/.exec(error.file)?.[1];
    const module = /\/\d{2}-([^/]+)\/module\.yaml$/.exec(error.file)?.[1];
    const field = fieldOf(error.message);
    return { ...error, ...(lesson ? { lesson } : {}), ...(module ? { module } : {}), ...(field ? { field } : {}) };
  });
}

/** The form field of a parser message: its YAML path (`title.pl: …`), or the body section it names. */
function fieldOf(message: string): string | undefined {
  const path = /^([a-zA-Z]+(?:\.[a-zA-Z0-9]+)*): /.exec(message)?.[1];
  if (path) {
    const [head, second] = path.split('.');
    if (head === 'questions' && second !== undefined) return `q.${second}`;
    if ((head === 'title' || head === 'summary') && second) return `${head}.${second}`;
    return head;
  }
  const body = /<!-- lang: ([a-z]{2}) -->/.exec(message)?.[1];
  return body ? `body.${body}` : undefined;
}
