/** The image formats Hearth accepts for icons and banners, by file extension. */
export type ImageType = 'png' | 'jpg' | 'gif' | 'webp';

/** The media type served for each accepted image format. */
export const IMAGE_MEDIA_TYPES: Record<ImageType, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
};

/** An image's format and size in pixels, as its header declares them. */
export interface ImageHeader {
  type: ImageType;
  width: number;
  height: number;
}

const startsWith = (bytes: Uint8Array, signature: readonly number[], offset = 0) =>
  bytes.length >= offset + signature.length && signature.every((byte, index) => bytes[offset + index] === byte);

const ascii = (text: string) => [...text].map((char) => char.charCodeAt(0));

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/**
 * Recognises an image by its leading bytes, never by its name or declared type: an SVG or HTML
 * file renamed `.png` is not an image here (an SVG can carry script).
 */
export function detectImageType(bytes: Uint8Array): ImageType | undefined {
  if (startsWith(bytes, PNG_SIGNATURE)) return 'png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'jpg';
  if (startsWith(bytes, ascii('GIF87a')) || startsWith(bytes, ascii('GIF89a'))) return 'gif';
  if (startsWith(bytes, ascii('RIFF')) && startsWith(bytes, ascii('WEBP'), 8)) return 'webp';
  return undefined;
}

/**
 * The format and the dimensions an image declares, read from its header only (nothing is
 * decoded): PNG's IHDR, GIF's logical screen, the first JPEG frame header (SOFn) before the scan,
 * WebP's VP8, VP8L or VP8X header. Undefined when the format is not one of these, or the header
 * is missing, truncated or declares no pixels: a file that is only a signature is not an image.
 */
export function readImageHeader(bytes: Uint8Array): ImageHeader | undefined {
  const type = detectImageType(bytes);
  if (!type) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const size = DIMENSIONS[type](bytes, view);
  if (!size || size.width === 0 || size.height === 0) return undefined;
  return { type, ...size };
}

type Size = { width: number; height: number } | undefined;

/** Signature, IHDR's length and type, its 13 bytes of data and its CRC. */
const IHDR_END = 8 + 4 + 4 + 13 + 4;

const DIMENSIONS: Record<ImageType, (bytes: Uint8Array, view: DataView) => Size> = {
  // The signature, then the first chunk, which must be IHDR: length 13, type, width, height, CRC.
  png: (bytes, view) => {
    if (bytes.length < IHDR_END || !startsWith(bytes, ascii('IHDR'), 12) || view.getUint32(8) !== 13) return undefined;
    return { width: view.getUint32(16), height: view.getUint32(20) };
  },
  // The signature, then the logical screen descriptor: width and height, little-endian.
  gif: (bytes, view) => (bytes.length < 13 ? undefined : { width: view.getUint16(6, true), height: view.getUint16(8, true) }),
  jpg: (bytes, view) => jpegSize(bytes, view),
  webp: (bytes, view) => webpSize(bytes, view),
};

/** The SOFn markers, which carry the frame's size; C4 (DHT), C8 (JPG) and CC (DAC) share the range. */
const isStartOfFrame = (marker: number) => marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
const START_OF_SCAN = 0xda;
const END_OF_IMAGE = 0xd9;
/** Markers with no length field: TEM and the restart markers. */
const isStandalone = (marker: number) => marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7);

/** Walks the JPEG's segments from after SOI to the first frame header; the scan must not come first. */
function jpegSize(bytes: Uint8Array, view: DataView): Size {
  let offset = 2;
  while (offset + 1 < bytes.length) {
    if (bytes[offset] !== 0xff) return undefined;
    const marker = bytes[offset + 1] ?? 0;
    if (marker === 0xff) {
      offset += 1; // a fill byte before the marker
      continue;
    }
    if (isStandalone(marker)) {
      offset += 2;
      continue;
    }
    if (marker === START_OF_SCAN || marker === END_OF_IMAGE || offset + 4 > bytes.length) return undefined;
    const length = view.getUint16(offset + 2);
    if (length < 2 || offset + 2 + length > bytes.length) return undefined;
    if (isStartOfFrame(marker)) {
      if (length < 7) return undefined;
      return { height: view.getUint16(offset + 5), width: view.getUint16(offset + 7) };
    }
    offset += 2 + length;
  }
  return undefined;
}

/** The first chunk after `RIFF….WEBP` says which header follows at offset 20. */
function webpSize(bytes: Uint8Array, view: DataView): Size {
  if (startsWith(bytes, ascii('VP8 '), 12)) {
    // A 3-byte frame tag, then the key frame start code, then 14-bit width and height.
    if (bytes.length < 30 || !startsWith(bytes, [0x9d, 0x01, 0x2a], 23)) return undefined;
    return { width: view.getUint16(26, true) & 0x3fff, height: view.getUint16(28, true) & 0x3fff };
  }
  if (startsWith(bytes, ascii('VP8L'), 12)) {
    // The signature byte 0x2f, then width - 1 and height - 1 in 14 bits each.
    if (bytes.length < 25 || bytes[20] !== 0x2f) return undefined;
    const bits = view.getUint32(21, true);
    return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
  }
  if (startsWith(bytes, ascii('VP8X'), 12)) {
    // Flags and reserved bytes, then canvas width - 1 and height - 1 in 24 bits each.
    if (bytes.length < 30) return undefined;
    const u24 = (at: number) => (bytes[at] ?? 0) | ((bytes[at + 1] ?? 0) << 8) | ((bytes[at + 2] ?? 0) << 16);
    return { width: u24(24) + 1, height: u24(27) + 1 };
  }
  return undefined;
}
