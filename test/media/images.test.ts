import { describe, expect, it } from 'vitest';
import { type ImageType, MalformedImageError, sniffImageType, stripImageMetadata } from '../../src/media/images';
import { fixtureImage } from '../fixtures/images/images';

// The fixtures (test/fixtures/images/generate.sh) carry what a phone writes: GPS position, camera
// make and model, the photographer, a place name (Exif, XMP, IPTC, PNG text, a comment), plus an
// ICC colour profile ("Artifex … A98") that must survive.
const PRIVATE = ['CamMaker', 'X100', 'Photographer', 'Hajnowka', 'Exif', 'GPS'];

const text = (bytes: Uint8Array) => Array.from(bytes, (b) => String.fromCharCode(b)).join('');

const FIXTURES: [string, ImageType][] = [
  ['photo.jpg', 'jpeg'],
  ['photo.png', 'png'],
  ['photo.webp', 'webp'],
];

/** JPEG: from the SOS marker to EOI, the compressed image. */
function jpegScan(bytes: Uint8Array) {
  const sos = bytes.findIndex((b, i) => b === 0xff && bytes[i + 1] === 0xda);
  return bytes.subarray(sos, bytes.length);
}

/** PNG and WebP: the chunks of `types`, each as bytes (header, data, CRC or padding). */
function chunks(bytes: Uint8Array, kind: 'png' | 'webp', types: string[]) {
  const found: Uint8Array[] = [];
  const view = new DataView(bytes.buffer, bytes.byteOffset);
  let at = kind === 'png' ? 8 : 12;
  while (at + 8 <= bytes.length) {
    const type = kind === 'png' ? text(bytes.subarray(at + 4, at + 8)) : text(bytes.subarray(at, at + 4));
    const size = kind === 'png' ? view.getUint32(at) : view.getUint32(at + 4, true);
    const end = kind === 'png' ? at + 12 + size : at + 8 + size + (size % 2);
    if (types.includes(type)) found.push(bytes.subarray(at, end));
    at = end;
  }
  return found;
}

describe('sniffImageType', () => {
  it.each(FIXTURES)('knows %s as %s from its bytes', (name, type) => {
    expect(sniffImageType(fixtureImage(name))).toBe(type);
  });

  it('refuses what only claims to be an image', () => {
    const encoder = new TextEncoder();
    expect(sniffImageType(encoder.encode('<svg xmlns="http://www.w3.org/2000/svg"></svg>'))).toBeNull();
    expect(sniffImageType(encoder.encode('GIF89a'))).toBeNull();
    expect(sniffImageType(encoder.encode('RIFF\0\0\0\0WAVE'))).toBeNull();
    expect(sniffImageType(new Uint8Array([0xff, 0xd8]))).toBeNull();
    expect(sniffImageType(new Uint8Array())).toBeNull();
  });
});

describe('stripImageMetadata', () => {
  it.each(FIXTURES)('removes location and camera metadata from %s and keeps its colour profile', (name, type) => {
    const original = fixtureImage(name);
    for (const secret of ['CamMaker', 'Hajnowka']) expect(text(original)).toContain(secret);
    const stripped = stripImageMetadata(original, type);
    for (const secret of PRIVATE) expect(text(stripped)).not.toContain(secret);
    expect(sniffImageType(stripped)).toBe(type);
    expect(stripped.length).toBeLessThan(original.length);
    // The ICC profile: stored as is in JPEG and WebP, zlib-compressed in PNG's iCCP chunk.
    if (type === 'png') expect(chunks(stripped, 'png', ['iCCP'])).toEqual(chunks(original, 'png', ['iCCP']));
    else expect(text(stripped)).toContain('Artifex Software A98');
  });

  it('keeps the JPEG scan byte for byte and drops what follows the end of the image', () => {
    const original = fixtureImage('photo.jpg');
    const withTrailer = new Uint8Array([...original, ...new TextEncoder().encode('MotionPhoto CamMaker')]);
    const stripped = stripImageMetadata(withTrailer, 'jpeg');
    expect(jpegScan(stripped)).toEqual(jpegScan(original));
    expect(text(stripped)).not.toContain('MotionPhoto');
    expect(Array.from(stripped.subarray(0, 4))).toEqual([0xff, 0xd8, 0xff, 0xe0]); // SOI, then JFIF
  });

  it('keeps the PNG header and image data byte for byte', () => {
    const original = fixtureImage('photo.png');
    const stripped = stripImageMetadata(original, 'png');
    expect(chunks(stripped, 'png', ['IHDR', 'IDAT', 'IEND'])).toEqual(chunks(original, 'png', ['IHDR', 'IDAT', 'IEND']));
    expect(chunks(original, 'png', ['eXIf', 'tEXt', 'zTXt', 'iTXt', 'tIME']).length).toBeGreaterThan(0);
    expect(chunks(stripped, 'png', ['eXIf', 'tEXt', 'zTXt', 'iTXt', 'tIME'])).toEqual([]);
  });

  it('keeps the WebP image data, clears the EXIF and XMP flags and fixes the RIFF size', () => {
    const original = fixtureImage('photo.webp');
    const stripped = stripImageMetadata(original, 'webp');
    expect(chunks(stripped, 'webp', ['VP8 ', 'ICCP'])).toEqual(chunks(original, 'webp', ['VP8 ', 'ICCP']));
    expect(chunks(stripped, 'webp', ['EXIF', 'XMP '])).toEqual([]);
    const flags = (bytes: Uint8Array) => chunks(bytes, 'webp', ['VP8X'])[0]?.[8] ?? 0;
    expect(flags(original) & 0x0c).toBe(0x0c);
    expect(flags(stripped) & 0x0c).toBe(0);
    expect(flags(stripped) & 0x20).toBe(0x20); // ICC profile still announced
    expect(new DataView(stripped.buffer).getUint32(4, true)).toBe(stripped.length - 8);
  });

  it.each(FIXTURES)('refuses a truncated %s with a MalformedImageError', (name, type) => {
    const original = fixtureImage(name);
    for (const length of [3, 20, Math.floor(original.length / 2), original.length - 1]) {
      expect(() => stripImageMetadata(original.subarray(0, length), type), `${length} bytes`).toThrow(MalformedImageError);
    }
  });

  it('refuses bytes that are not of the type it was told', () => {
    expect(() => stripImageMetadata(fixtureImage('photo.png'), 'jpeg')).toThrow(MalformedImageError);
    expect(() => stripImageMetadata(fixtureImage('photo.jpg'), 'webp')).toThrow(MalformedImageError);
    expect(() => stripImageMetadata(fixtureImage('photo.webp'), 'png')).toThrow(MalformedImageError);
  });

  it('refuses a segment length that points past the end', () => {
    const bad = fixtureImage('photo.jpg').slice(0, 40);
    bad.set([0xff, 0xe1, 0xff, 0xff], 2); // an APP1 of 65,535 bytes in a 40-byte file
    expect(() => stripImageMetadata(bad, 'jpeg')).toThrow(MalformedImageError);
    const png = fixtureImage('photo.png').slice();
    png.set([0x7f, 0xff, 0xff, 0xff], 8); // IHDR claims 2 GB
    expect(() => stripImageMetadata(png, 'png')).toThrow(MalformedImageError);
  });
});
