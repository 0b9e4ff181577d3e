/**
 * Lesson images in R2 (the MEDIA binding). A key is `courses/<course slug>/<random>.<ext>`: 128
 * random bits, so an image of an unpublished course cannot be guessed, and a key is never reused,
 * so what is served under it can be cached for a year. The alt texts travel with the object as
 * custom metadata: no D1 table, no D1 round trip to upload or serve.
 */
import { LANGUAGES, type Language } from '../data/schema';
import { mediaUrl } from '../urls';
import { IMAGE_CONTENT_TYPES, type ImageType } from './images';

/** The largest image we take: a phone photo fits, and stripping it stays well inside 128 MB of memory. */
export const MAX_IMAGE_MB = 5;
export const MAX_IMAGE_BYTES = MAX_IMAGE_MB * 1024 * 1024;
/** Alt text says what the image shows in a sentence or two. */
export const ALT_MAX = 250;

const EXTENSIONS: Record<ImageType, string> = { png: 'png', jpeg: 'jpg', webp: 'webp' };

/**
 * The only keys we write, and so the only ones `/media/*` and lesson Markdown accept: a course's
 * images, and the region's logo and partner logos (`site/…`, see src/routes/admin/settings.tsx).
 */
const MEDIA_KEY = /^(?:courses\/[a-z0-9]+(?:-[a-z0-9]+)*|site)\/[0-9a-f]{32}\.(?:png|jpg|webp)$/;

export function isMediaKey(key: string): boolean {
  return key.length <= 200 && MEDIA_KEY.test(key);
}

const MEDIA_PATH = mediaUrl('');

/** The key a `/media/…` path names, or null when it is not one of ours. */
export function mediaKeyOf(path: string): string | null {
  const key = path.startsWith(MEDIA_PATH) ? path.slice(MEDIA_PATH.length) : '';
  return isMediaKey(key) ? key : null;
}

export function coursePrefix(slug: string): string {
  return `courses/${slug}/`;
}

function newMediaKey(slug: string, type: ImageType): string {
  return randomKey(coursePrefix(slug), type);
}

function randomKey(prefix: string, type: ImageType): string {
  const random = Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
  return `${prefix}${random}.${EXTENSIONS[type]}`;
}

/** A new key for a logo of the region (its own or a partner's); the object is put later. */
export function newSiteImageKey(type: ImageType): string {
  return randomKey('site/', type);
}

export type Alt = Record<Language, string>;

export type StoredImage = { key: string; alt: Alt; uploaded: Date };

export type NewImage = { course: string; type: ImageType; bytes: Uint8Array; alt: Alt; uploadedBy: number };

/** Stores an image (already stripped of metadata) under a new key; returns what was stored. */
export async function putImage(bucket: R2Bucket, image: NewImage): Promise<StoredImage> {
  const key = newMediaKey(image.course, image.type);
  const altMetadata = Object.fromEntries(LANGUAGES.map((lang) => [`alt_${lang}`, image.alt[lang]]));
  const stored = await bucket.put(key, image.bytes, {
    httpMetadata: { contentType: IMAGE_CONTENT_TYPES[image.type] },
    customMetadata: { ...altMetadata, course: image.course, uploadedBy: String(image.uploadedBy) },
  });
  return { key, alt: image.alt, uploaded: stored.uploaded };
}

/** A course's images, newest first (R2 lists by key, and keys are random). */
export async function listCourseImages(bucket: R2Bucket, slug: string): Promise<StoredImage[]> {
  const images: StoredImage[] = [];
  let cursor: string | undefined;
  do {
    const page = await bucket.list({ prefix: coursePrefix(slug), include: ['customMetadata'], cursor });
    for (const object of page.objects) {
      const meta = object.customMetadata ?? {};
      const alt = Object.fromEntries(LANGUAGES.map((lang) => [lang, meta[`alt_${lang}`] ?? ''])) as Alt;
      images.push({ key: object.key, alt, uploaded: object.uploaded });
    }
    cursor = page.truncated ? page.cursor : undefined;
  } while (cursor);
  return images.sort((a, b) => b.uploaded.getTime() - a.uploaded.getTime());
}

/**
 * The Markdown that shows an image in a lesson. The alt text is escaped so that it reads back as
 * typed: `]` would end the label, `\`, `*`, `_`, `` ` ``, `~`, `<` and `&` would start escapes,
 * emphasis, code, strike-through, autolinks or entities. Line breaks become spaces.
 */
export function imageMarkdown(alt: string, key: string): string {
  const label = alt.replace(/\s+/g, ' ').replace(/[\\[\]*_`~<&]/g, '\\$&');
  return `![${label}](${mediaUrl(key)})`;
}
