/**
 * Uploaded images: what type a file really is, and a copy of it without the metadata that says
 * where and with what it was taken. Security-sensitive: workshop photos show people and places,
 * and a phone writes the GPS position, the camera, often a thumbnail of the uncropped photo into
 * every picture.
 *
 * - The type comes from the file's first bytes only. The browser's Content-Type and the file name
 *   are whatever the client says, and we serve the stored bytes under the type decided here.
 * - Stripping keeps an allow-list, not a deny-list: only the parts an image needs to be drawn in
 *   the right colours survive (image data, colour profiles, pixel density); every other part,
 *   known metadata or a vendor's private block we have never seen, is dropped. Image data is
 *   copied byte for byte, never decoded or re-encoded.
 * - Malformed input (truncated, a length pointing past the end, a missing end marker) is a
 *   `MalformedImageError`, never an out-of-bounds read that yields a half-copied file.
 */

export type ImageType = 'png' | 'jpeg' | 'webp';

export const IMAGE_CONTENT_TYPES: Record<ImageType, string> = { png: 'image/png', jpeg: 'image/jpeg', webp: 'image/webp' };

export class MalformedImageError extends Error {
  constructor(type: ImageType, reason: string) {
    super(`malformed ${type}: ${reason}`);
    this.name = 'MalformedImageError';
  }
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

export function sniffImageType(bytes: Uint8Array): ImageType | null {
  if (startsWith(bytes, PNG_SIGNATURE)) return 'png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 4) === 'WEBP') return 'webp';
  return null;
}

/** A copy of `bytes` (an image of `type`, see `sniffImageType`) without location and camera metadata. */
export function stripImageMetadata(bytes: Uint8Array, type: ImageType): Uint8Array {
  if (type === 'jpeg') return stripJpeg(bytes);
  if (type === 'png') return stripPng(bytes);
  return stripWebp(bytes);
}

/**
 * JPEG: a list of marker segments (0xFF, marker, 2-byte big-endian length including itself),
 * then after SOS the entropy-coded scan, in which a 0xFF byte is always followed by 0x00 (a
 * stuffed byte) or a restart marker RST0-7. Kept: APP0 "JFIF" (not JFXX, which holds a
 * thumbnail), APP2 "ICC_PROFILE" (colour), APP14 "Adobe" (12 bytes that say how to read the colour
 * channels; no personal data) and every non-APP segment the decoder needs (tables, frame, scans).
 * Dropped: APP1 (Exif with GPS and thumbnail, XMP), APP13 (IPTC), APP12, COM and every other APPn.
 * Anything after EOI is dropped too: phones append trailers there (Samsung's, motion-photo video).
 */
function stripJpeg(bytes: Uint8Array): Uint8Array {
  const fail = (reason: string) => new MalformedImageError('jpeg', reason);
  if (!startsWith(bytes, [0xff, 0xd8])) throw fail('no start of image');
  const kept: Uint8Array[] = [bytes.subarray(0, 2)]; // SOI
  let at = 2;
  for (;;) {
    if (at + 2 > bytes.length) throw fail('no end of image');
    if (bytes[at] !== 0xff) throw fail(`no marker at ${at}`);
    const marker = bytes[at + 1] as number;
    if (marker === 0xff) {
      at += 1; // fill byte before a marker
      continue;
    }
    if (marker === 0xd9) {
      kept.push(bytes.subarray(at, at + 2)); // EOI: the end, whatever follows is dropped
      return concat(kept);
    }
    if (at + 4 > bytes.length) throw fail('truncated segment');
    const end = at + 2 + readUint16BE(bytes, at + 2);
    if (end > bytes.length || end < at + 4) throw fail(`segment length at ${at}`);
    const segment = bytes.subarray(at, end);
    if (keepJpegSegment(marker, segment)) kept.push(segment);
    at = end;
    if (marker === 0xda) {
      // SOS: the scan runs to the next marker that is neither a stuffed 0xFF00 nor RST0-7.
      const scanStart = at;
      at = bytes.indexOf(0xff, at);
      while (at !== -1 && at + 1 < bytes.length && !isMarkerAfterScan(bytes[at + 1] as number)) at = bytes.indexOf(0xff, at + 1);
      if (at === -1 || at + 1 >= bytes.length) throw fail('scan without end');
      kept.push(bytes.subarray(scanStart, at));
    }
  }
}

function keepJpegSegment(marker: number, segment: Uint8Array): boolean {
  if (marker === 0xfe) return false; // COM
  if (marker < 0xe0 || marker > 0xef) return true; // not APPn: tables, frame, scan headers
  const id = (length: number) => ascii(segment, 4, length);
  if (marker === 0xe0) return id(5) === 'JFIF\0';
  if (marker === 0xe2) return id(12) === 'ICC_PROFILE\0';
  if (marker === 0xee) return id(5) === 'Adobe' && segment.length <= 16;
  return false;
}

function isMarkerAfterScan(next: number): boolean {
  return next !== 0x00 && next !== 0xff && !(next >= 0xd0 && next <= 0xd7);
}

/**
 * PNG: the signature, then chunks (4-byte big-endian data length, 4-letter type, data, CRC) up to
 * IEND. Kept: critical chunks (upper-case first letter: IHDR, PLTE, IDAT, IEND, which a decoder
 * must understand) and the ancillary chunks that affect how pixels look or animate. Dropped:
 * eXIf, tEXt, zTXt, iTXt, tIME and any other ancillary chunk. Kept chunks are copied whole with
 * their CRC, so they stay valid; anything after IEND is dropped.
 */
const PNG_KEPT_ANCILLARY = new Set([
  'cHRM',
  'gAMA',
  'iCCP',
  'sRGB',
  'sBIT',
  'cICP',
  'mDCV',
  'cLLI',
  'tRNS',
  'bKGD',
  'pHYs',
  'hIST',
  'sPLT',
  'acTL',
  'fcTL',
  'fdAT',
]);

function stripPng(bytes: Uint8Array): Uint8Array {
  const fail = (reason: string) => new MalformedImageError('png', reason);
  if (!startsWith(bytes, PNG_SIGNATURE)) throw fail('no signature');
  const kept: Uint8Array[] = [bytes.subarray(0, 8)];
  let at = 8;
  for (;;) {
    if (at + 12 > bytes.length) throw fail('no IEND chunk');
    const type = ascii(bytes, at + 4, 4);
    const end = at + 12 + readUint32BE(bytes, at);
    if (end > bytes.length) throw fail(`chunk ${type} runs past the end`);
    const critical = type.charCodeAt(0) >= 0x41 && type.charCodeAt(0) <= 0x5a;
    if (critical || PNG_KEPT_ANCILLARY.has(type)) kept.push(bytes.subarray(at, end));
    at = end;
    if (type === 'IEND') return concat(kept);
  }
}

/**
 * WebP: a RIFF file, "RIFF", 4-byte little-endian size, "WEBP", then chunks (4-letter type, 4-byte
 * little-endian size, data, a pad byte when the size is odd). Kept: the image data (VP8, VP8L,
 * ALPH), animation (ANIM, ANMF), the colour profile (ICCP) and the VP8X header, whose EXIF and
 * XMP flags are cleared because those chunks are gone. Dropped: EXIF, XMP and unknown chunks. The
 * RIFF size is rewritten for the shorter file; anything past the declared RIFF size is dropped.
 */
const WEBP_KEPT = new Set(['VP8 ', 'VP8L', 'VP8X', 'ALPH', 'ANIM', 'ANMF', 'ICCP']);
const VP8X_EXIF = 0x08;
const VP8X_XMP = 0x04;

function stripWebp(bytes: Uint8Array): Uint8Array {
  const fail = (reason: string) => new MalformedImageError('webp', reason);
  if (sniffImageType(bytes) !== 'webp') throw fail('no RIFF header');
  const riffEnd = 8 + readUint32LE(bytes, 4);
  if (riffEnd > bytes.length) throw fail('RIFF size runs past the end');
  const kept: Uint8Array[] = [];
  let at = 12;
  while (at < riffEnd) {
    if (at + 8 > riffEnd) throw fail('truncated chunk header');
    const type = ascii(bytes, at, 4);
    const size = readUint32LE(bytes, at + 4);
    const end = at + 8 + size + (size % 2);
    if (end > riffEnd) throw fail(`chunk ${type} runs past the end`);
    if (type === 'VP8X') {
      if (size < 10) throw fail('short VP8X chunk');
      const header = bytes.slice(at, end); // a copy: the flags change
      header[8] = (header[8] as number) & ~(VP8X_EXIF | VP8X_XMP);
      kept.push(header);
    } else if (WEBP_KEPT.has(type)) {
      kept.push(bytes.subarray(at, end));
    }
    at = end;
  }
  if (kept.length === 0) throw fail('no image chunk');
  const body = concat(kept);
  const header = new Uint8Array(12);
  header.set(bytes.subarray(0, 12));
  new DataView(header.buffer).setUint32(4, 4 + body.length, true); // "WEBP" + chunks
  return concat([header, body]);
}

function startsWith(bytes: Uint8Array, prefix: number[]): boolean {
  return bytes.length >= prefix.length && prefix.every((byte, i) => bytes[i] === byte);
}

function ascii(bytes: Uint8Array, at: number, length: number): string {
  return String.fromCharCode(...bytes.subarray(at, at + length));
}

function readUint16BE(bytes: Uint8Array, at: number): number {
  return ((bytes[at] as number) << 8) | (bytes[at + 1] as number);
}

function readUint32BE(bytes: Uint8Array, at: number): number {
  return new DataView(bytes.buffer, bytes.byteOffset + at, 4).getUint32(0, false);
}

function readUint32LE(bytes: Uint8Array, at: number): number {
  return new DataView(bytes.buffer, bytes.byteOffset + at, 4).getUint32(0, true);
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
