import { Inflate, unzipSync, type Zippable, zipSync } from 'fflate';
import { describe, expect, it, vi } from 'vitest';
import { type BundleFile, parseBundles } from '../../src/content/bundle';
import { serializeCourse } from '../../src/content/serialize';
import { MAX_ENTRIES, MAX_TOTAL_BYTES, MAX_ZIP_BYTES, type UnzipResult, unzipBundle, zipBundle } from '../../src/content/zip';
import { courseFiles } from '../fixtures/content';
import { fixtureFiles } from '../fixtures/course';

const encode = (text: string) => new TextEncoder().encode(text);
const byPath = (files: BundleFile[]) => [...files].sort((a, b) => a.path.localeCompare(b.path));

/** A hand-built archive: names exactly as given, texts or raw bytes. */
function archive(entries: Record<string, string | Uint8Array>, level: 0 | 6 = 6): Uint8Array {
  const zippable: Zippable = {};
  for (const [name, content] of Object.entries(entries))
    zippable[name] = [typeof content === 'string' ? encode(content) : content, { level }];
  return zipSync(zippable);
}

function unzipped(bytes: Uint8Array): BundleFile[] {
  const result = unzipBundle(bytes);
  if (!result.ok) throw new Error(`${result.error}: ${result.message} ${result.path ?? ''}`);
  return result.files;
}

function refusal(result: UnzipResult) {
  if (result.ok) throw new Error('expected the archive to be refused');
  return { error: result.error, path: result.path };
}

/** Offsets of the central directory's entries (signature PK\1\2), to tamper with what they declare. */
function directoryEntries(bytes: Uint8Array): number[] {
  const offsets: number[] = [];
  for (let i = bytes.length - 22; i >= 0; i--) {
    if (bytes[i] === 0x50 && bytes[i + 1] === 0x4b && bytes[i + 2] === 0x01 && bytes[i + 3] === 0x02) offsets.unshift(i);
    if (bytes[i] === 0x50 && bytes[i + 1] === 0x4b && bytes[i + 2] === 0x03 && bytes[i + 3] === 0x04) break;
  }
  return offsets;
}

const view = (bytes: Uint8Array) => new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
const COURSE = courseFiles('trainer-programme');

describe('zipBundle and unzipBundle', () => {
  it('round-trips a shipped course: the same files, and parseBundles reads the same course', () => {
    const files = unzipped(zipBundle(COURSE));
    expect(byPath(files)).toStrictEqual(byPath(COURSE));
    expect(parseBundles(files)).toStrictEqual(parseBundles(COURSE));
  });

  it('carries an exported course through a zip: serialize, zip, unzip, parse gives the same course', () => {
    const parsed = parseBundles(COURSE);
    if (!parsed.ok) throw new Error('trainer-programme does not parse');
    const back = parseBundles(unzipped(zipBundle(serializeCourse(parsed.courses[0]!))));
    if (!back.ok) throw new Error(JSON.stringify(back.errors));
    const withoutFile = (c: typeof back.courses) => c.map((x) => x.modules.map((m) => m.lessons.map(({ file: _, ...l }) => l)));
    expect(withoutFile(back.courses)).toStrictEqual(withoutFile(parsed.courses));
    expect(back.courses.map(({ modules: _, ...head }) => head)).toStrictEqual(parsed.courses.map(({ modules: _, ...head }) => head));
  });

  it('gives the same bytes for the same files (fixed timestamps)', () => {
    expect(zipBundle(fixtureFiles)).toStrictEqual(zipBundle(fixtureFiles));
  });

  it('reads stored (uncompressed) entries and drops a UTF-8 byte-order mark', () => {
    const entries = Object.fromEntries(fixtureFiles.map((f) => [f.path, `\ufeff${f.text}`]));
    expect(byPath(unzipped(archive(entries, 0)))).toStrictEqual(byPath(fixtureFiles));
  });

  it('removes one top-level folder that wraps the course, and only that', () => {
    const wrapped = Object.fromEntries(fixtureFiles.map((f) => [`export/${f.path}`, f.text]));
    expect(byPath(unzipped(archive(wrapped)))).toStrictEqual(byPath(fixtureFiles));
    // One course at the top level is not a wrapper: its folder is the course.
    expect(unzipped(archive({ 'test-course/course.yaml': 'x' })).map((f) => f.path)).toEqual(['test-course/course.yaml']);
    // Nor is a course folder without a course.yaml, so the import names the missing file where it belongs.
    expect(unzipped(archive({ 'test-course/01-a/module.yaml': 'x' })).map((f) => f.path)).toEqual(['test-course/01-a/module.yaml']);
    // Two levels of wrapping: only the outer one goes (the import then reports the layout).
    expect(unzipped(archive({ 'a/b/c/course.yaml': 'x' })).map((f) => f.path)).toEqual(['a/b/c/course.yaml']);
  });

  it('skips folders, __MACOSX/ and dot-files', () => {
    const files = unzipped(
      archive({
        'test-course/': new Uint8Array(0),
        'test-course/course.yaml': 'slug: test-course',
        '__MACOSX/test-course/._course.yaml': new Uint8Array([0, 5, 22, 7, 0xff]),
        'test-course/.DS_Store': new Uint8Array([0, 0, 0, 1, 0xff]),
        '.git/config': '[core]',
      }),
    );
    expect(files).toStrictEqual([{ path: 'test-course/course.yaml', text: 'slug: test-course' }]);
  });

  describe('refuses', () => {
    it('a file that is not a zip', () => {
      expect(refusal(unzipBundle(encode('slug: test-course\n')))).toEqual({ error: 'not-a-zip' });
      expect(refusal(unzipBundle(new Uint8Array(0)))).toEqual({ error: 'not-a-zip' });
      expect(refusal(unzipBundle(zipBundle(COURSE).subarray(0, 1000)))).toEqual({ error: 'not-a-zip' });
    });

    it('an archive larger than the upload limit, before reading it', () => {
      expect(refusal(unzipBundle(new Uint8Array(MAX_ZIP_BYTES + 1)))).toEqual({ error: 'too-large' });
    });

    it('more entries than the limit', () => {
      const many = Object.fromEntries(Array.from({ length: MAX_ENTRIES + 1 }, (_, i) => [`c/${i}.md`, '']));
      expect(refusal(unzipBundle(archive(many)))).toEqual({ error: 'too-many-files' });
      expect(unzipBundle(archive(Object.fromEntries(Object.entries(many).slice(1)))).ok).toBe(true);
    });

    it('files that declare more than the size limit in total, before inflating them', () => {
      // Zeros compress about 1,000 to 1: a few KiB of archive that would inflate to over 8 MiB.
      const half = new Uint8Array(MAX_TOTAL_BYTES / 2);
      const bytes = archive({ 'c/01.md': half, 'c/02.md': half, 'c/03.md': 'one byte too many' });
      expect(bytes.length).toBeLessThan(100_000);
      expect(refusal(unzipBundle(bytes))).toEqual({ error: 'too-large', path: 'c/03.md' });
      expect(unzipBundle(archive({ 'c/01.md': half, 'c/02.md': half })).ok).toBe(true);
    });

    it('a zip bomb that declares a small size: inflating stops at the first step past it', () => {
      const bytes = archive({ 'c/bomb.md': new Uint8Array(64 * 1024 * 1024) });
      const entry = directoryEntries(bytes)[0]!;
      view(bytes).setUint32(entry + 24, 1000, true); // the declared size: 1,000 bytes
      const compressed = view(bytes).getUint32(entry + 20, true);
      expect(compressed).toBeGreaterThan(8 * 4096); // far more than one step of the inflater
      // fflate's unzipSync keeps only the declared 1,000 bytes, but inflates all 64 MiB to get there.
      expect(unzipSync(bytes)['c/bomb.md']).toHaveLength(1000);
      const push = vi.spyOn(Inflate.prototype, 'push');
      expect(refusal(unzipBundle(bytes))).toEqual({ error: 'corrupt', path: 'c/bomb.md' });
      // Only the first few KiB of the entry went through the inflater: it stopped there.
      const fed = push.mock.calls.reduce((sum, [chunk]) => sum + chunk.length, 0);
      push.mockRestore();
      expect(fed).toBeGreaterThan(0);
      expect(fed).toBeLessThan(compressed / 8);
    });

    it('an entry that inflates to less than it declares, or whose checksum does not match', () => {
      const short = archive({ 'c/a.md': 'some text' });
      view(short).setUint32(directoryEntries(short)[0]! + 24, 10, true);
      expect(refusal(unzipBundle(short))).toEqual({ error: 'corrupt', path: 'c/a.md' });

      const stored = archive({ 'c/a.md': 'some text' }, 0);
      const at = stored.lastIndexOf(encode('t')[0]!, directoryEntries(stored)[0]!);
      stored[at] = encode('T')[0]!; // one letter of the stored text changed: the CRC no longer matches
      expect(refusal(unzipBundle(stored))).toEqual({ error: 'corrupt', path: 'c/a.md' });
    });

    it.each([
      ['/etc/course.yaml'],
      ['../course.yaml'],
      ['c/../../course.yaml'],
      ['c\\..\\course.yaml'],
      ['C:/course.yaml'],
      ['c//course.yaml'],
      ['c/./course.yaml'],
      ['__MACOSX/../c/x.md'],
      ['c/a\u0000.md'],
    ])('an unsafe path: %j', (path) => {
      expect(refusal(unzipBundle(archive({ 'c/course.yaml': 'x', [path]: 'x' })))).toEqual({ error: 'bad-path', path });
    });

    it('a file that is not .yaml, .yml or .md, naming it', () => {
      expect(refusal(unzipBundle(archive({ 'c/course.yaml': 'x', 'c/01-m/photo.png': new Uint8Array([0x89, 0x50]) })))).toEqual({
        error: 'unexpected-file',
        path: 'c/01-m/photo.png',
      });
      expect(unzipBundle(archive({ 'c/course.yml': 'x' })).ok).toBe(true);
    });

    it('a file that is not UTF-8, naming it', () => {
      const latin2 = new Uint8Array([0x5a, 0xb1, 0x62, 0x6b, 0x61]); // "Ząbka" in ISO-8859-2
      expect(refusal(unzipBundle(archive({ 'c/course.yaml': 'x', 'c/01-m/01-l.md': latin2 })))).toEqual({
        error: 'not-utf8',
        path: 'c/01-m/01-l.md',
      });
    });

    it('a file name that is not UTF-8', () => {
      const bytes = archive({ 'c/course.yaml': 'x', 'c/a.md': 'y' });
      const entry = directoryEntries(bytes)[1]!;
      bytes[entry + 46 + 2] = 0xe1; // "c/a.md" → "c/\xe1.md"
      expect(refusal(unzipBundle(bytes)).error).toBe('not-utf8');
    });

    it('the same file twice', () => {
      const bytes = archive({ 'c/a.md': 'one', 'c/b.md': 'two' });
      const entry = directoryEntries(bytes)[1]!;
      bytes[entry + 46 + 2] = 'a'.charCodeAt(0); // the second entry renamed to the first one's name
      expect(refusal(unzipBundle(bytes))).toEqual({ error: 'duplicate-file', path: 'c/a.md' });
    });

    it('encrypted entries and compression methods other than deflate', () => {
      const encrypted = archive({ 'c/a.md': 'x' });
      view(encrypted).setUint16(directoryEntries(encrypted)[0]! + 8, 1, true);
      expect(refusal(unzipBundle(encrypted))).toEqual({ error: 'unsupported', path: 'c/a.md' });
      const bzip2 = archive({ 'c/a.md': 'x' });
      view(bzip2).setUint16(directoryEntries(bzip2)[0]! + 10, 12, true);
      expect(refusal(unzipBundle(bzip2))).toEqual({ error: 'unsupported', path: 'c/a.md' });
    });

    it('an archive with no course files', () => {
      expect(refusal(unzipBundle(archive({ 'c/': new Uint8Array(0), '__MACOSX/._c': 'x' })))).toEqual({ error: 'empty' });
    });

    it('an entry whose data lies outside the archive', () => {
      const bytes = archive({ 'c/a.md': 'x' });
      view(bytes).setUint32(directoryEntries(bytes)[0]! + 42, bytes.length, true); // local header offset
      expect(refusal(unzipBundle(bytes))).toEqual({ error: 'corrupt', path: 'c/a.md' });
    });
  });
});
