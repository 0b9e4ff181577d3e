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

export type DocProblem = BundleError & { module?: string; lesson?: string };

/** The problems, each with the module or lesson key it is about (from the file it was found in). */
export function validateDoc(doc: CourseDoc): DocProblem[] {
  const parsed = parseBundles(serializeCourse(bundleOfDoc(doc)));
  if (parsed.ok) return [];
  return parsed.errors.map((error) => {
    const lesson = /\/\d{2}-[^/]+\/\d{2}-([^/]+)\.md$/.exec(error.file)?.[1];
    const module = /\/\d{2}-([^/]+)\/module\.yaml$/.exec(error.file)?.[1];
    return { ...error, ...(lesson ? { lesson } : {}), ...(module ? { module } : {}) };
  });
}
