import { solidPng } from './png.js';

/**
 * The leading bytes of images of each accepted format, declaring any dimensions: enough for a
 * header parser, small even when the declared size is huge.
 */
const ascii = (text: string) => Buffer.from(text, 'latin1');

function u16le(value: number): Buffer {
  const bytes = Buffer.alloc(2);
  bytes.writeUInt16LE(value);
  return bytes;
}

function u16be(value: number): Buffer {
  const bytes = Buffer.alloc(2);
  bytes.writeUInt16BE(value);
  return bytes;
}

function u24le(value: number): Buffer {
  return Buffer.from([value & 0xff, (value >> 8) & 0xff, (value >> 16) & 0xff]);
}

/** A PNG whose IHDR declares `width`×`height`; its pixel data is that of a 1×1 image. */
export function pngHeader(width: number, height: number): Buffer {
  const png = Buffer.from(solidPng(1, [0, 0, 0]));
  png.writeUInt32BE(width, 16);
  png.writeUInt32BE(height, 20);
  return png;
}

/** A GIF89a header and logical screen descriptor declaring `width`×`height`, then the trailer. */
export function gifHeader(width: number, height: number): Buffer {
  return Buffer.concat([ascii('GIF89a'), u16le(width), u16le(height), Buffer.from([0, 0, 0]), Buffer.from([0x3b])]);
}

/** A JPEG with an APP0 (JFIF) segment, then a baseline SOF0 declaring `width`×`height`, then SOS. */
export function jpegHeader(width: number, height: number, { sof = 0xc0 }: { sof?: number } = {}): Buffer {
  const app0 = Buffer.concat([Buffer.from([0xff, 0xe0]), u16be(16), ascii('JFIF\0'), Buffer.from([1, 1, 0, 0, 1, 0, 1, 0, 0])]);
  const sofSegment = Buffer.concat([
    Buffer.from([0xff, sof]),
    u16be(11),
    Buffer.from([8]),
    u16be(height),
    u16be(width),
    Buffer.from([1, 1, 0x11, 0]),
  ]);
  const sos = Buffer.concat([Buffer.from([0xff, 0xda]), u16be(8), Buffer.from([1, 1, 0, 0, 0x3f, 0])]);
  return Buffer.concat([Buffer.from([0xff, 0xd8]), app0, sofSegment, sos, Buffer.from([0, 0xff, 0xd9])]);
}

/** A JPEG that reaches its scan data without any SOF segment. */
export function jpegWithoutFrame(): Buffer {
  const sos = Buffer.concat([Buffer.from([0xff, 0xda]), u16be(8), Buffer.from([1, 1, 0, 0, 0x3f, 0])]);
  return Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), u16be(4), Buffer.from([0, 0]), sos, Buffer.from([0xff, 0xd9])]);
}

function riff(chunkType: string, payload: Buffer): Buffer {
  const chunk = Buffer.concat([ascii(chunkType), Buffer.alloc(4), payload]);
  chunk.writeUInt32LE(payload.length, 4);
  const size = Buffer.alloc(4);
  size.writeUInt32LE(4 + chunk.length);
  return Buffer.concat([ascii('RIFF'), size, ascii('WEBP'), chunk]);
}

/** A lossy WebP (`VP8 `) key frame header declaring `width`×`height`. */
export function webpLossyHeader(width: number, height: number): Buffer {
  return riff('VP8 ', Buffer.concat([Buffer.from([0x30, 0x01, 0x00, 0x9d, 0x01, 0x2a]), u16le(width), u16le(height), Buffer.alloc(8)]));
}

/** A lossless WebP (`VP8L`) header declaring `width`×`height`. */
export function webpLosslessHeader(width: number, height: number): Buffer {
  const bits = (width - 1) | ((height - 1) << 14);
  const packed = Buffer.alloc(4);
  packed.writeUInt32LE(bits >>> 0);
  return riff('VP8L', Buffer.concat([Buffer.from([0x2f]), packed, Buffer.alloc(4)]));
}

/** An extended WebP (`VP8X`) header declaring a `width`×`height` canvas. */
export function webpExtendedHeader(width: number, height: number): Buffer {
  return riff('VP8X', Buffer.concat([Buffer.from([0, 0, 0, 0]), u24le(width - 1), u24le(height - 1)]));
}
