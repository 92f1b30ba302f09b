import { MAX_ATTACHMENT_NAME_LENGTH } from '@hearth/sdk/protocol';
import { ChatError, ErrorCode } from './chat-error.js';

/** Control characters, and the marks that reorder text (which make `gpj.exe` read as `exe.jpg`). */
const UNSAFE = /[\p{Cc}\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]|\p{Surrogate}/gu;
/** An extension worth keeping when a long name is cut: a dot and up to 16 characters without spaces. */
const EXTENSION = /\.[^.\s]{1,16}$/u;

/** `text` cut to at most `length` code units without splitting a surrogate pair. */
function cut(text: string, length: number): string {
  const head = text.slice(0, length);
  return /[\ud800-\udbff]$/.test(head) ? head.slice(0, -1) : head;
}

/**
 * An uploaded file's name as it is kept and shown: only its last path segment (after the last
 * `/` or `\`), without control or bidirectional-override characters, in NFC, trimmed, and cut to
 * {@link MAX_ATTACHMENT_NAME_LENGTH} keeping its extension. A name blank after that is
 * `invalid_input` on `name`.
 *
 * @example
 * cleanAttachmentName('C:\\Users\\ada\\photo\u202egnp.exe') // 'photognp.exe'
 */
export function cleanAttachmentName(raw: unknown): string {
  if (typeof raw !== 'string') throw blankName();
  const base = raw.slice(Math.max(raw.lastIndexOf('/'), raw.lastIndexOf('\\')) + 1);
  const name = base.replace(UNSAFE, '').normalize('NFC').trim();
  if (name.length === 0) throw blankName();
  if (name.length <= MAX_ATTACHMENT_NAME_LENGTH) return name;
  const extension = EXTENSION.exec(name)?.[0] ?? '';
  return `${cut(name.slice(0, name.length - extension.length), MAX_ATTACHMENT_NAME_LENGTH - extension.length).trimEnd()}${extension}`;
}

function blankName(): ChatError {
  return new ChatError(ErrorCode.invalidInput, 'name must be the file name, with at least one visible character', { field: 'name' });
}
