/** The media type of a file that is no image, told from its first bytes, never from its name. */
export type FileMediaType = 'application/pdf' | 'application/zip' | 'text/plain; charset=utf-8' | 'application/octet-stream';

const startsWith = (bytes: Uint8Array, text: string) =>
  bytes.length >= text.length && [...text].every((char, index) => bytes[index] === char.charCodeAt(0));

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Whether the bytes are UTF-8 text: valid, and with no NUL (which binary formats are full of). */
function isText(bytes: Uint8Array): boolean {
  if (bytes.includes(0)) return false;
  try {
    utf8.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/**
 * What a file that is not an image is served as. Text of any kind, HTML and SVG included, is
 * `text/plain`: it is only ever downloaded, and a browser that opened it anyway would show it as
 * text and run nothing. Anything unrecognised is `application/octet-stream`.
 */
export function sniffFileType(bytes: Uint8Array): FileMediaType {
  if (startsWith(bytes, '%PDF-')) return 'application/pdf';
  if (startsWith(bytes, 'PK\u0003\u0004')) return 'application/zip';
  if (isText(bytes)) return 'text/plain; charset=utf-8';
  return 'application/octet-stream';
}
