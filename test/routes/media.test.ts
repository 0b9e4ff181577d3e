import { env, exports } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { en } from '../../src/i18n/en';
import { pl } from '../../src/i18n/pl';
import { sniffImageType } from '../../src/media/images';
import { imageMarkdown, MAX_IMAGE_BYTES } from '../../src/media/store';
import { adminMediaUrl, mediaUrl } from '../../src/urls';
import { fixtureImage } from '../fixtures/images/images';
import { EN, escaped, expectSignInRedirect, ORIGIN, request, roundTrips, tableCounts, trainerSession } from '../helpers';

const KEY_SHAPE = /^courses\/[a-z0-9-]+\/[0-9a-f]{32}\.(png|jpg|webp)$/;
const latin1 = (bytes: Uint8Array) => Array.from(bytes, (b) => String.fromCharCode(b)).join('');

let admin: { cookie: string; id: number };
let trainer: { cookie: string };

beforeAll(async () => {
  admin = await trainerSession('admin');
  trainer = await trainerSession('trainer');
});

type Upload = { course?: string; alt_pl?: string; alt_en?: string; file?: Blob | null; name?: string };

/** A multipart upload as the form sends it (Origin for CSRF); `file: null` leaves the file out. */
function upload(fields: Upload, options: { cookie?: string; htmx?: boolean; headers?: Record<string, string> } = {}) {
  const { course = 'test-course', alt_pl = 'Uczestnicy warsztatu', alt_en = 'Workshop participants', name = 'photo.jpg' } = fields;
  const body = new FormData();
  body.set('course', course);
  body.set('alt_pl', alt_pl);
  body.set('alt_en', alt_en);
  const file = fields.file === undefined ? new Blob([fixtureImage('photo.jpg')], { type: 'image/jpeg' }) : fields.file;
  if (file) body.set('file', file, name);
  const headers = new Headers({ Origin: ORIGIN, ...EN, ...options.headers });
  if (options.cookie) headers.set('Cookie', options.cookie);
  if (options.htmx) headers.set('HX-Request', 'true');
  return exports.default.fetch(
    new Request(`${ORIGIN}/admin/media?course=${course}`, { method: 'POST', body, headers, redirect: 'manual' }),
  );
}

async function storedKeys(course: string) {
  return (await env.MEDIA.list({ prefix: `courses/${course}/` })).objects.map((object) => object.key);
}

/** The key an upload redirected to (`?uploaded=`). */
function uploadedKey(response: Response): string {
  const location = new URL(response.headers.get('Location') ?? '', ORIGIN);
  return location.searchParams.get('uploaded') ?? '';
}

describe('GET /admin/media', () => {
  it('sends visitors to sign in and refuses trainers', async () => {
    expectSignInRedirect(await request('/admin/media?course=test-course'), '/admin/media?course=test-course');
    expect((await request('/admin/media', { cookie: trainer.cookie })).status).toBe(403);
  });

  it('shows an admin the course chooser, then the upload form for the chosen course', async () => {
    const start = await request('/admin/media', { cookie: admin.cookie, headers: EN });
    expect(start.status).toBe(200);
    const startHtml = await start.text();
    expect(startHtml).toContain(`<h1>${en.media.title}</h1>`);
    expect(startHtml).not.toContain('type="file"');
    const chosen = await (await request(adminMediaUrl('empty-course'), { cookie: admin.cookie, headers: EN })).text();
    expect(chosen).toContain('enctype="multipart/form-data"');
    expect(chosen).toContain(escaped(en.media.none));
  });

  it('says so when the course is not a course name (422)', async () => {
    const response = await request('/admin/media?course=Not%20a%20slug', { cookie: admin.cookie, headers: EN });
    expect(response.status).toBe(422);
    const html = await response.text();
    expect(html).toContain(escaped(en.media.errors.course));
    expect(html).not.toContain('type="file"');
  });
});

describe('POST /admin/media', () => {
  it('sends visitors to sign in and refuses trainers, storing nothing', async () => {
    expectSignInRedirect(await upload({ course: 'refused' }), '/admin');
    const refused = await upload({ course: 'refused' }, { cookie: trainer.cookie });
    expect(refused.status).toBe(403);
    expect(await storedKeys('refused')).toEqual([]);
  });

  it('refuses an upload from another site, even with an admin’s cookie', async () => {
    const response = await upload({ course: 'cross-site' }, { cookie: admin.cookie, headers: { Origin: 'https://evil.example' } });
    expect(response.status).toBe(403);
    expect(await storedKeys('cross-site')).toEqual([]);
  });

  it.each([
    ['photo.jpg', 'image/jpeg', 'jpg'],
    ['photo.png', 'image/png', 'png'],
    ['photo.webp', 'image/webp', 'webp'],
  ])('stores %s in R2 under a random key, without its GPS and camera metadata', async (name, contentType, ext) => {
    const course = `upload-${ext}`;
    // The browser's type and name are ignored: the bytes decide.
    const file = new Blob([fixtureImage(name)], { type: 'application/octet-stream' });
    const tables = await tableCounts();
    const response = await upload({ course, file, name: 'whatever.gif' }, { cookie: admin.cookie });
    expect(response.status).toBe(303);
    const key = uploadedKey(response);
    expect(key).toMatch(KEY_SHAPE);
    expect(key).toMatch(new RegExp(`^courses/${course}/.*\\.${ext}$`));
    expect(response.headers.get('Location')).toBe(adminMediaUrl(course, key));
    expect(await tableCounts()).toEqual(tables); // R2 only: no D1 row

    const object = await env.MEDIA.get(key);
    expect(object).not.toBeNull();
    const stored = new Uint8Array(await object!.arrayBuffer());
    for (const secret of ['CamMaker', 'X100', 'Photographer', 'Hajnowka', 'Exif']) expect(latin1(stored)).not.toContain(secret);
    expect(sniffImageType(stored)).toBe(sniffImageType(fixtureImage(name)));
    expect(object!.httpMetadata?.contentType).toBe(contentType);
    expect(object!.customMetadata).toEqual({
      alt_pl: 'Uczestnicy warsztatu',
      alt_en: 'Workshop participants',
      course,
      uploadedBy: String(admin.id),
    });
  });

  it('gives two uploads of the same file two keys', async () => {
    const first = uploadedKey(await upload({ course: 'twice' }, { cookie: admin.cookie }));
    const second = uploadedKey(await upload({ course: 'twice' }, { cookie: admin.cookie }));
    expect(first).not.toBe(second);
    expect((await storedKeys('twice')).sort()).toEqual([first, second].sort());
  });

  it('shows the uploaded image with the Markdown to paste for each language', async () => {
    const alt = { alt_pl: 'Grupa przy stole [zdjęcie]', alt_en: 'A group at a table *photo*' };
    const key = uploadedKey(await upload({ course: 'shown', ...alt }, { cookie: admin.cookie }));
    const page = await request(adminMediaUrl('shown', key), { cookie: admin.cookie, headers: EN });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain(escaped(en.media.uploaded));
    expect(html).toContain(`<img src="${mediaUrl(key)}" alt="${escaped(alt.alt_en)}"`);
    expect(html).toContain(escaped(imageMarkdown(alt.alt_pl, key)));
    expect(html).toContain(escaped(imageMarkdown(alt.alt_en, key)));
    expect(imageMarkdown(alt.alt_pl, key)).toBe(`![Grupa przy stole \\[zdjęcie\\]](/media/${key})`);
    expect(html).toMatch(/<textarea[^>]*readonly/);
    expect(html).toContain(escaped(en.media.markdown.pl));
  });

  it('answers htmx with the course section: the new image first, then the list', async () => {
    const response = await upload({ course: 'htmx-upload' }, { cookie: admin.cookie, htmx: true });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).not.toContain('<html');
    expect(html).toMatch(/^<section id="course-media"/);
    const [key] = await storedKeys('htmx-upload');
    expect(html).toContain(escaped(imageMarkdown('Workshop participants', key!)));
  });

  it('refuses a file over 5 MB with 413 and stores nothing', async () => {
    const big = new Uint8Array(MAX_IMAGE_BYTES + 1);
    big.set(fixtureImage('photo.png'));
    const response = await upload({ course: 'too-big', file: new Blob([big]) }, { cookie: admin.cookie });
    expect(response.status).toBe(413);
    const html = await response.text();
    expect(html).toContain(escaped(en.media.errors.fileTooLarge(5)));
    expect(html).toContain('value="Workshop participants"'); // what was typed stays
    // A body far over the limit is refused before it is read.
    const huge = await upload(
      { course: 'too-big', file: new Blob([new Uint8Array(MAX_IMAGE_BYTES * 2)]) },
      { cookie: admin.cookie, htmx: true },
    );
    expect(huge.status).toBe(413);
    expect(await huge.text()).toContain(escaped(en.media.errors.fileTooLarge(5)));
    expect(await storedKeys('too-big')).toEqual([]);
  });

  it('refuses what is not a PNG, JPEG or WebP image with 422, whatever it is called', async () => {
    const files: [Blob, string][] = [
      [new Blob(['<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'], { type: 'image/png' }), 'x.png'],
      [new Blob(['GIF89a......'], { type: 'image/gif' }), 'x.jpg'],
      [new Blob(['<html><script>alert(1)</script>'], { type: 'image/jpeg' }), 'x.jpg'],
    ];
    for (const [file, name] of files) {
      const response = await upload({ course: 'not-images', file, name }, { cookie: admin.cookie });
      expect(response.status, name).toBe(422);
      expect(await response.text()).toContain(escaped(en.media.errors.fileType));
    }
    expect(en.media.errors.fileType).toContain('not a PNG, JPEG or WebP image');
    expect(await storedKeys('not-images')).toEqual([]);
  });

  it('refuses a damaged image with 422', async () => {
    const png = fixtureImage('photo.png');
    const response = await upload({ course: 'damaged', file: new Blob([png.subarray(0, png.length - 20)]) }, { cookie: admin.cookie });
    expect(response.status).toBe(422);
    expect(await response.text()).toContain(escaped(en.media.errors.fileBroken));
    expect(await storedKeys('damaged')).toEqual([]);
  });

  it('asks for the alt text in every language, with a message per field (422)', async () => {
    const cases: [Upload, string[], string[]][] = [
      [{ alt_pl: '' }, [en.media.errors.altMissing.pl], [en.media.errors.altMissing.en]],
      [{ alt_en: '   ' }, [en.media.errors.altMissing.en], [en.media.errors.altMissing.pl]],
      [{ alt_pl: '', alt_en: '' }, [en.media.errors.altMissing.pl, en.media.errors.altMissing.en], []],
      [{ alt_en: 'x'.repeat(251) }, [en.media.errors.altTooLong(250)], [en.media.errors.altMissing.en]],
      [{ file: null }, [en.media.errors.fileMissing], [en.media.errors.altMissing.pl]],
    ];
    for (const [fields, shown, notShown] of cases) {
      const response = await upload({ course: 'alt-texts', ...fields }, { cookie: admin.cookie });
      expect(response.status, JSON.stringify(fields)).toBe(422);
      const html = await response.text();
      for (const message of shown) expect(html).toContain(escaped(message));
      for (const message of notShown) expect(html).not.toContain(escaped(message));
    }
    expect(await storedKeys('alt-texts')).toEqual([]);
  });

  it('keeps the typed alt text on a refusal, and speaks Polish to a Polish admin', async () => {
    const response = await upload(
      { course: 'alt-pl', alt_pl: '' },
      { cookie: admin.cookie, htmx: true, headers: { 'Accept-Language': 'pl' } },
    );
    expect(response.status).toBe(422);
    const html = await response.text();
    expect(html).toMatch(/^<section id="course-media"/);
    expect(html).toContain(escaped(pl.media.errors.altMissing.pl));
    expect(html).toContain('value="Workshop participants"');
    expect(html).toContain('aria-invalid="true"');
  });

  it('refuses a course that is not a course name (422)', async () => {
    const response = await upload({ course: '../etc' }, { cookie: admin.cookie });
    expect(response.status).toBe(422);
    expect(await response.text()).toContain(escaped(en.media.errors.course));
    expect((await env.MEDIA.list()).objects.filter((object) => !KEY_SHAPE.test(object.key))).toEqual([]);
  });
});

describe('GET /media/*', () => {
  let key: string;
  beforeAll(async () => {
    key = uploadedKey(await upload({ course: 'served', file: new Blob([fixtureImage('photo.webp')]) }, { cookie: admin.cookie }));
  });

  it('serves the stored image with its type, a year of caching, nosniff and an ETag', async () => {
    const response = await request(mediaUrl(key));
    expect(response.status).toBe(200);
    expect(response.headers.get('Content-Type')).toBe('image/webp');
    expect(response.headers.get('Cache-Control')).toBe('public, max-age=31536000, immutable');
    expect(response.headers.get('X-Content-Type-Options')).toBe('nosniff');
    // Shared caches may keep one copy for everyone: an image does not depend on the cookie.
    expect(response.headers.get('Vary')).toBeNull();
    const etag = response.headers.get('ETag');
    expect(etag).toMatch(/^"[0-9a-f]+"$/);
    const body = new Uint8Array(await response.arrayBuffer());
    const stored = new Uint8Array(await (await env.MEDIA.get(key))!.arrayBuffer());
    expect(body).toEqual(stored);
    expect(response.headers.get('Content-Length')).toBe(String(stored.length));

    const again = await request(mediaUrl(key), { headers: { 'If-None-Match': etag! } });
    expect(again.status).toBe(304);
    expect(again.headers.get('ETag')).toBe(etag);
    expect(await again.text()).toBe('');
  });

  it('is a 404 page for a key that does not exist or is not one of ours', async () => {
    await env.MEDIA.put('courses/served/page.html', '<script>alert(1)</script>', { httpMetadata: { contentType: 'text/html' } });
    const paths = [
      mediaUrl(key.replace(/[0-9a-f]{32}/, '0'.repeat(32))),
      mediaUrl('courses/served/page.html'),
      mediaUrl(key.replace('.webp', '.svg')),
      mediaUrl(key.toUpperCase()),
      mediaUrl(`${key}/x`),
      `/media/${encodeURIComponent(key)}`,
      '/media/',
    ];
    for (const path of paths) {
      const response = await request(path, { headers: EN });
      expect(response.status, path).toBe(404);
      expect(response.headers.get('Content-Type'), path).toMatch(/^text\/html/);
      expect(await response.text(), path).toContain(escaped(en.errors.notFound));
    }
  });
});

describe('D1 round trips (Server-Timing)', () => {
  it('costs 1 for an upload and its refusals, and none to serve an image', async () => {
    const stored = await upload({ course: 'trips' }, { cookie: admin.cookie });
    expect(stored.status).toBe(303);
    expect(roundTrips(stored)).toBe(1);
    const refused = await upload({ course: 'trips', alt_en: '' }, { cookie: admin.cookie });
    expect(refused.status).toBe(422);
    expect(roundTrips(refused)).toBe(1);
    const page = await request(adminMediaUrl('trips'), { cookie: admin.cookie });
    expect(page.status).toBe(200);
    expect(roundTrips(page)).toBe(1);
    const image = await request(mediaUrl(uploadedKey(stored)));
    expect(image.status).toBe(200);
    expect(roundTrips(image)).toBe(0);
    expect(roundTrips(await request(mediaUrl('courses/trips/missing.png')))).toBe(0);
  });
});
