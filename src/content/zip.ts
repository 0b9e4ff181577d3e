/**
 * Course bundles as .zip files: the Studio's export and import (content/README.md has the format).
 *
 * An imported archive comes from a browser upload, so it is read as hostile: every size, count and
 * offset in it is checked before it is trusted, and nothing is inflated until the whole central
 * directory has passed. fflate does the compression; this module reads the zip structure itself,
 * because fflate's unzipSync keeps inflating an entry past the size it declares (the extra bytes are
 * dropped, the CPU is not): a 200 KB entry that declares 1 KB but inflates to 200 MB costs half a
 * second of CPU per entry. Inflating in small steps lets us stop one step after the declared size.
 */
import { Inflate, zipSync } from 'fflate';
import { isMediaKey } from '../media/store';
import type { BundleFile } from './bundle';

// The shipped courses are 30–40 files and about 300 KB each; these limits leave room for courses many
// times larger while keeping one import well inside a Worker's 128 MB of memory.
/** Largest archive accepted, in bytes: checked before anything is read. */
export const MAX_ZIP_BYTES = 8 * 1024 * 1024;
/** Most entries (files, folders, skipped ones included) in one archive. */
export const MAX_ENTRIES = 1000;
/** Most bytes all the bundle files together may inflate to. */
export const MAX_TOTAL_BYTES = 8 * 1024 * 1024;

/** Why an archive was refused; the UI can translate each kind (`path` names the offending entry). */
export type ZipErrorKind =
  | 'not-a-zip'
  | 'unsupported'
  | 'corrupt'
  | 'too-many-files'
  | 'too-large'
  | 'bad-path'
  | 'duplicate-file'
  | 'unexpected-file'
  | 'not-utf8'
  | 'empty';

export type ZipError = { ok: false; error: ZipErrorKind; message: string; path?: string };
/** A lesson image carried in a bundle: `media/<key>` in the archive, `key` as in R2 and /media/. */
export type BundleImage = { key: string; bytes: Uint8Array };
export type UnzipResult = { ok: true; files: BundleFile[]; images: BundleImage[] } | ZipError;

// Zip files carry DOS timestamps; a fixed one makes the same course give the same bytes on every
// export. Midday, so that no time zone moves it out of the year 2000 (fflate reads local time).
const FIXED_TIME = new Date('2000-01-01T12:00:00Z');

/**
 * A .zip of bundle files, paths as given (e.g. `<slug>/course.yaml`), and the lesson images the
 * texts show, under `media/<key>`: their Markdown names them by key, so they keep working in the
 * region that imports the course.
 */
export function zipBundle(files: BundleFile[], images: BundleImage[] = []): Uint8Array {
  const encoder = new TextEncoder();
  const entries = [
    ...files.map((f) => [f.path, encoder.encode(f.text)] as const),
    ...images.map((i) => [`${MEDIA_FOLDER}${i.key}`, i.bytes] as const),
  ];
  return zipSync(Object.fromEntries(entries), { mtime: FIXED_TIME });
}

const MEDIA_FOLDER = 'media/';

/**
 * The bundle files in an uploaded .zip, or why it was refused. Folders, `__MACOSX/` and dot-files
 * (`.DS_Store`, …) are skipped; every other entry must be a `.yaml`, `.yml` or `.md` file in strict
 * UTF-8 under a relative path. A course's course.yaml sits one folder deep (`<slug>/course.yaml`):
 * when every file is inside one top-level folder and the course.yaml files sit one level further down
 * (`export/<slug>/course.yaml`, as zipping a folder of courses does), that folder only wraps the
 * courses and is removed from every path. One level only; nothing else is moved.
 */
export function unzipBundle(bytes: Uint8Array): UnzipResult {
  if (bytes.length > MAX_ZIP_BYTES) return refuse('too-large', `The archive is larger than ${mib(MAX_ZIP_BYTES)}.`);
  const directory = readCentralDirectory(bytes);
  if (!Array.isArray(directory)) return directory;

  const kept: Entry[] = [];
  const seen = new Set<string>();
  let declared = 0;
  for (const entry of directory) {
    const problem = pathProblem(entry.path);
    if (problem) return refuse('bad-path', `The archive holds a file ${problem}.`, entry.path);
    if (entry.path.endsWith('/') || isSkipped(entry.path)) continue;
    const image = entry.path.startsWith(MEDIA_FOLDER) && isMediaKey(entry.path.slice(MEDIA_FOLDER.length));
    if (!image && !/\.(yaml|yml|md)$/.test(entry.path))
      return refuse('unexpected-file', 'A course bundle holds only .yaml and .md files, and its images under media/.', entry.path);
    if (seen.has(entry.path)) return refuse('duplicate-file', 'The archive holds this file twice.', entry.path);
    seen.add(entry.path);
    if (entry.flags & 1) return refuse('unsupported', 'The file is encrypted.', entry.path);
    if (entry.method !== 0 && entry.method !== 8)
      return refuse('unsupported', 'The file uses a compression method other than deflate.', entry.path);
    // The sizes the archive declares, summed before anything is inflated; each entry is then held to
    // its declared size, so the total the files really inflate to cannot pass this check either.
    declared += entry.size;
    if (declared > MAX_TOTAL_BYTES) return refuse('too-large', `The files inflate to more than ${mib(MAX_TOTAL_BYTES)}.`, entry.path);
    kept.push(entry);
  }
  if (kept.length === 0) return refuse('empty', 'The archive holds no course files.');

  const isImage = (path: string) => path.startsWith(MEDIA_FOLDER) && isMediaKey(path.slice(MEDIA_FOLDER.length));
  const strip = wrapperFolder(kept.map((e) => e.path).filter((path) => !isImage(path)));
  // Strict: a file in another encoding is refused rather than imported with replacement characters.
  // A byte-order mark (some Windows editors write one) is dropped (ignoreBOM: false).
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
  const files: BundleFile[] = [];
  const images: BundleImage[] = [];
  for (const entry of kept) {
    const data = extract(bytes, entry);
    if (!(data instanceof Uint8Array)) return data;
    if (isImage(entry.path)) {
      images.push({ key: entry.path.slice(MEDIA_FOLDER.length), bytes: data });
      continue;
    }
    let text: string;
    try {
      text = decoder.decode(data);
    } catch {
      return refuse('not-utf8', 'The file is not UTF-8 text.', entry.path);
    }
    files.push({ path: entry.path.slice(strip.length), text });
  }
  if (files.length === 0) return refuse('empty', 'The archive holds no course files.');
  return { ok: true, files, images };
}

type Entry = { path: string; flags: number; method: number; crc: number; compressedSize: number; size: number; offset: number };

const END_OF_DIRECTORY = 0x06054b50;
const DIRECTORY_ENTRY = 0x02014b50;
const LOCAL_HEADER = 0x04034b50;

/**
 * The entries of the central directory (the archive's table of contents at its end), with every
 * offset checked against the archive's bounds. ZIP64 and archives split over disks are refused: a
 * course never needs them, and they are MAX_ENTRIES and MAX_ZIP_BYTES beyond our limits anyway.
 */
function readCentralDirectory(bytes: Uint8Array): Entry[] | ZipError {
  const end = findEndOfDirectory(bytes);
  if (end < 0) return refuse('not-a-zip', 'The file is not a .zip archive.');
  const count = u16(bytes, end + 10);
  const size = u32(bytes, end + 12);
  const start = u32(bytes, end + 16);
  if (u16(bytes, end + 4) !== 0 || u16(bytes, end + 6) !== 0 || count !== u16(bytes, end + 8))
    return refuse('unsupported', 'Archives split into several parts are not supported.');
  if (count === 0xffff || start === 0xffffffff || size === 0xffffffff) return refuse('unsupported', 'ZIP64 archives are not supported.');
  if (count > MAX_ENTRIES) return refuse('too-many-files', `The archive holds more than ${MAX_ENTRIES} entries.`);
  if (start + size > end) return damaged();

  const names = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
  const entries: Entry[] = [];
  for (let p = start, i = 0; i < count; i++) {
    if (p + 46 > start + size || u32(bytes, p) !== DIRECTORY_ENTRY) return damaged();
    const nameEnd = p + 46 + u16(bytes, p + 28);
    if (nameEnd > start + size) return damaged();
    const nameBytes = bytes.subarray(p + 46, nameEnd);
    let path: string;
    try {
      path = names.decode(nameBytes);
    } catch {
      return refuse('not-utf8', 'A file name is not UTF-8.', new TextDecoder().decode(nameBytes));
    }
    const entry = {
      path,
      flags: u16(bytes, p + 8),
      method: u16(bytes, p + 10),
      crc: u32(bytes, p + 16),
      compressedSize: u32(bytes, p + 20),
      size: u32(bytes, p + 24),
      offset: u32(bytes, p + 42),
    };
    if (entry.compressedSize === 0xffffffff || entry.size === 0xffffffff || entry.offset === 0xffffffff)
      return refuse('unsupported', 'ZIP64 archives are not supported.', path);
    entries.push(entry);
    p = nameEnd + u16(bytes, p + 30) + u16(bytes, p + 32);
  }
  return entries;
}

/** The end-of-directory record: the last 22 bytes, or earlier when the archive has a comment. */
function findEndOfDirectory(bytes: Uint8Array): number {
  for (let i = bytes.length - 22; i >= 0 && i >= bytes.length - 22 - 0xffff; i--) {
    if (u32(bytes, i) === END_OF_DIRECTORY) return i;
  }
  return -1;
}

// Inflating 4 KiB of input at a time bounds what one step can produce (deflate expands at most about
// 1,000 to 1), so a zip bomb is stopped after at most about 4 MiB of output, not after gigabytes.
// Smaller steps cost more on every honest import (1 KiB: 36 ms instead of 11 ms for all of content/).
const STEP = 4096;

/** An entry's bytes, held to its declared size and CRC (a lying or damaged entry is refused). */
function extract(bytes: Uint8Array, entry: Entry): Uint8Array | ZipError {
  const local = entry.offset;
  if (local + 30 > bytes.length || u32(bytes, local) !== LOCAL_HEADER) return damaged(entry.path);
  const start = local + 30 + u16(bytes, local + 26) + u16(bytes, local + 28);
  const data = bytes.subarray(start, start + entry.compressedSize);
  if (start + entry.compressedSize > bytes.length) return damaged(entry.path);

  let out: Uint8Array;
  if (entry.method === 0) {
    out = data;
  } else {
    out = new Uint8Array(entry.size);
    let length = 0;
    const overflow = refuse('corrupt', 'The file inflates to more than the size the archive declares.', entry.path);
    try {
      const inflate = new Inflate((chunk) => {
        if (length + chunk.length > entry.size) throw overflow;
        out.set(chunk, length);
        length += chunk.length;
      });
      for (let i = 0, last = false; !last; i += STEP) {
        last = i + STEP >= data.length;
        inflate.push(data.subarray(i, i + STEP), last);
      }
    } catch (error) {
      return error === overflow ? overflow : damaged(entry.path);
    }
    out = out.subarray(0, length);
  }
  if (out.length !== entry.size || crc32(out) !== entry.crc) return damaged(entry.path);
  return out;
}

/** Why a path is unsafe to use as given, or null. Checked on every entry, skipped ones included. */
function pathProblem(path: string): string | null {
  // Absolute and parent paths could escape the folder a tool unpacks into ("zip slip"); backslashes
  // are folder separators on Windows, so `..\x` would too. Control characters have no place in a name.
  if (path.includes('\\')) return 'whose path uses backslashes';
  if (path.startsWith('/') || /^[a-zA-Z]:/.test(path)) return 'under an absolute path';
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
  if (/[\u0000-\u001f\u007f]/.test(path)) return 'whose name holds control characters';
  const segments = path.replace(/\/$/, '').split('/');
  if (segments.some((s) => s === '..')) return 'whose path climbs out of its folder ("..")';
  if (segments.some((s) => s === '' || s === '.')) return 'with an empty folder name in its path';
  return null;
}

/** macOS resource forks and hidden files (`.DS_Store`, `.git/…`) come along when a folder is zipped. */
function isSkipped(path: string): boolean {
  const segments = path.split('/');
  return segments[0] === '__MACOSX' || segments.some((s) => s.startsWith('.'));
}

/**
 * The `folder/` prefix to remove when one top-level folder only wraps the courses, else ''. It must
 * hold every file and a course.yaml two levels down, and none of its own: an archive of one course
 * whose course.yaml is missing keeps its paths, so the import names `<slug>/course.yaml` as missing.
 */
function wrapperFolder(paths: string[]): string {
  const prefix = `${paths[0]?.split('/')[0]}/`;
  const wrapped =
    paths.every((p) => p.startsWith(prefix)) &&
    !paths.includes(`${prefix}course.yaml`) &&
    paths.some((p) => /^[^/]+\/[^/]+\/course\.yaml$/.test(p));
  return wrapped ? prefix : '';
}

function refuse(error: ZipErrorKind, message: string, path?: string): ZipError {
  return path === undefined ? { ok: false, error, message } : { ok: false, error, message, path };
}

function damaged(path?: string): ZipError {
  return refuse('corrupt', 'The archive is damaged.', path);
}

function mib(bytes: number): string {
  return `${bytes / 1024 / 1024} MiB`;
}

const u16 = (b: Uint8Array, i: number) => (b[i] ?? 0) | ((b[i + 1] ?? 0) << 8);
const u32 = (b: Uint8Array, i: number) => (u16(b, i) | (u16(b, i + 2) << 16)) >>> 0;

let crcTable: Uint32Array | undefined;

/** CRC-32 as zip stores it (fflate keeps its own private). */
function crc32(data: Uint8Array): number {
  crcTable ??= Uint32Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  let crc = 0xffffffff;
  for (const byte of data) crc = (crcTable[(crc ^ byte) & 0xff] ?? 0) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}
