import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { BundleFile } from '../src/content/bundle';

/** Every file under `dir`, with paths relative to the content root and '/' separators. */
export function readContentFiles(contentRoot: string, dir = contentRoot): BundleFile[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return readContentFiles(contentRoot, path);
    return [{ path: relative(contentRoot, path).split(sep).join('/'), text: readFileSync(path, 'utf8') }];
  });
}
