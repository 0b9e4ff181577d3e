// npm run content:import — validates every bundle in content/ and loads them into the local D1
// (the same database `wrangler dev` uses) in one transaction. A bad bundle changes nothing.
import { resolve } from 'node:path';
import { getPlatformProxy } from 'wrangler';
import { parseBundles } from '../src/content/bundle';
import { importCourses } from '../src/content/import';
import { createDb } from '../src/db';
import { readContentFiles } from './content-files';

const result = parseBundles(readContentFiles(resolve('content')));
if (!result.ok) {
  console.error('Content import stopped; the database was not changed:');
  for (const e of result.errors) console.error(`  content/${e.file}:${e.line}: ${e.message}`);
  process.exit(1);
}
const proxy = await getPlatformProxy<{ DB: D1Database }>({ persist: true });
try {
  const summary = await importCourses(createDb(proxy.env.DB), result.courses);
  console.log(
    `Imported ${summary.courses} courses, ${summary.modules} modules, ${summary.lessons} lessons, ${summary.questions} quiz questions.`,
  );
} finally {
  await proxy.dispose();
}
