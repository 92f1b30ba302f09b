import { describe, expect, it } from 'vitest';
import { readImageHeader } from '../src/services/image-type.js';
import {
  gifHeader,
  jpegHeader,
  jpegWithoutFrame,
  pngHeader,
  webpExtendedHeader,
  webpLosslessHeader,
  webpLossyHeader,
} from './support/image-headers.js';
import { solidPng } from './support/png.js';

describe('readImageHeader reads the type and the dimensions from the bytes', () => {
  it.each([
    ['a real PNG', solidPng(16, [1, 2, 3]), { type: 'png', width: 16, height: 16 }],
    ['a PNG header', pngHeader(300, 20), { type: 'png', width: 300, height: 20 }],
    ['a GIF', gifHeader(640, 480), { type: 'gif', width: 640, height: 480 }],
    ['a baseline JPEG', jpegHeader(1024, 768), { type: 'jpg', width: 1024, height: 768 }],
    ['a progressive JPEG', jpegHeader(10, 4000, { sof: 0xc2 }), { type: 'jpg', width: 10, height: 4000 }],
    ['a lossy WebP', webpLossyHeader(512, 256), { type: 'webp', width: 512, height: 256 }],
    ['a lossless WebP', webpLosslessHeader(16383, 3), { type: 'webp', width: 16383, height: 3 }],
    ['an extended WebP', webpExtendedHeader(5000, 7), { type: 'webp', width: 5000, height: 7 }],
  ])('%s', (_kind, bytes, expected) => {
    expect(readImageHeader(bytes)).toEqual(expected);
  });

  it.each([
    ['a bare PNG signature', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])],
    ['a PNG whose first chunk is not IHDR', Buffer.concat([pngHeader(1, 1).subarray(0, 12), Buffer.from('IDAT'), Buffer.alloc(17)])],
    ['a PNG cut inside its IHDR', pngHeader(8, 8).subarray(0, 20)],
    ['a PNG declaring zero width', pngHeader(0, 8)],
    ['a bare GIF signature', Buffer.from('GIF89a')],
    ['a GIF declaring zero height', gifHeader(8, 0)],
    ['a bare JPEG signature', Buffer.from([0xff, 0xd8, 0xff])],
    ['a JPEG with no frame before its scan', jpegWithoutFrame()],
    ['a JPEG cut inside its SOF', jpegHeader(8, 8).subarray(0, 25)],
    ['a JPEG whose segment length runs past the end', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0xff, 0xff, 0x00])],
    ['a bare WebP signature', Buffer.from('RIFF\0\0\0\0WEBP')],
    ['a WebP with an unknown chunk', Buffer.concat([Buffer.from('RIFF\0\0\0\0WEBP'), Buffer.from('ABCD'), Buffer.alloc(20)])],
    ['a lossy WebP without its start code', Buffer.from(webpLossyHeader(8, 8).fill(0, 23, 26))],
    ['a lossless WebP without its signature byte', Buffer.from(webpLosslessHeader(8, 8).fill(0, 20, 21))],
    ['an SVG', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>')],
  ])('answers undefined for %s', (_kind, bytes) => {
    expect(readImageHeader(bytes)).toBeUndefined();
  });
});
