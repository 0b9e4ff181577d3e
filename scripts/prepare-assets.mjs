// Copies htmx (from the htmx.org package), SortableJS (the Studio's drag and drop, from the
// sortablejs package) and our stylesheet into public/assets under names that carry their version
// or content hash, so they can be cached for a year (public/_headers), and writes
// src/generated/assets.ts with those names for the layout. Runs before start and test.
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const htmxDir = join(dirname(require.resolve('htmx.org')), '..');
const { version } = JSON.parse(readFileSync(join(htmxDir, 'package.json'), 'utf8'));
const sortableDir = dirname(require.resolve('sortablejs/package.json'));
const sortableVersion = JSON.parse(readFileSync(join(sortableDir, 'package.json'), 'utf8')).version;

const out = join(root, 'public', 'assets');
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

const htmxName = `htmx-${version}.min.js`;
copyFileSync(join(htmxDir, 'dist', 'htmx.min.js'), join(out, htmxName));

// The UMD build: a plain script that defines window.Sortable. It needs no eval and styles what it
// drags through the CSSOM (element.style), which the CSP's style-src 'self' allows.
const sortableName = `sortable-${sortableVersion}.min.js`;
copyFileSync(join(sortableDir, 'Sortable.min.js'), join(out, sortableName));

const css = readFileSync(join(root, 'views', 'styles.css'));
const cssName = `app-${createHash('sha256').update(css).digest('hex').slice(0, 10)}.css`;
writeFileSync(join(out, cssName), css);

mkdirSync(join(root, 'src', 'generated'), { recursive: true });
writeFileSync(
  join(root, 'src', 'generated', 'assets.ts'),
  `// Written by scripts/prepare-assets.mjs; not committed.\nexport const assets = ${JSON.stringify(
    { htmx: `/assets/${htmxName}`, sortable: `/assets/${sortableName}`, css: `/assets/${cssName}` },
    null,
    2,
  )} as const;\n`,
);
console.log(`assets: ${readdirSync(out).join(', ')}`);
