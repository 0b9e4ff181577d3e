// npm run content:check [content/<slug> …] — parses and validates bundles; writes nothing.
import { join, resolve } from 'node:path';
import { parseBundles } from '../src/content/bundle';
import { lintCourse } from '../src/content/lint';
import { readContentFiles } from './content-files';

const contentRoot = resolve('content');
const only = process.argv.slice(2).map((arg) => resolve(arg).slice(contentRoot.length + 1).split('/')[0]);
const files = readContentFiles(contentRoot).filter((f) => only.length === 0 || only.includes(f.path.split('/')[0]!));
const result = parseBundles(files);
if (!result.ok) {
  for (const e of result.errors) console.error(`${join('content', e.file)}:${e.line}: ${e.message}`);
  process.exit(1);
}
const problems = result.courses.flatMap(lintCourse);
for (const p of problems) console.error(`${join('content', p.file)}:${p.line}: ${p.message}`);
for (const course of result.courses) {
  const lessons = course.modules.flatMap((m) => m.lessons);
  console.log(`${course.slug}: ${course.modules.length} modules, ${lessons.length} lessons`);
}
process.exit(problems.length ? 1 : 0);
