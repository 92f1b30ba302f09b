/**
 * `@hearth/sdk/attachments`: files on messages. A file is uploaded to a channel first, then sent
 * by passing the resolved {@link Attachment} to `channel.send(content, { attachments })`; an upload
 * that no message names within an hour is removed by the server. A file's bytes are served only
 * with the token of a user who can read its channel: {@link fetchAttachment} fetches them, and a
 * browser shows the result through `URL.createObjectURL`. A separate entry, so that apps which
 * send no files do not ship it.
 *
 * @example
 * import { uploadAttachment, fetchAttachment } from '@hearth/sdk/attachments';
 * const file = await uploadAttachment(chat, 'c_general', input.files[0], {
 *   onProgress: ({ loaded, total }) => (bar.value = loaded / total),
 * });
 * await chat.channel('c_general').send('the plan', { attachments: [file] });
 * img.src = URL.createObjectURL(await fetchAttachment(chat, file));
 *
 * @module
 */
import type { ChatClient } from './client.js';
import { internalsOf } from './internals-of.js';
import type { Attachment } from './protocol/frames.js';
import { type CallInit, type Transport, readAnswer } from './rest.js';
import { ATTACHMENT } from './rest-shapes.js';

export type { Attachment };

/** How much of an upload's body has been sent, in bytes. */
export interface UploadProgress {
  loaded: number;
  total: number;
}

/** Options of {@link uploadAttachment}. */
export interface UploadOptions {
  /** The file name to keep; a File's own name when left out; 'file' for bytes without one. */
  name?: string;
  /**
   * Called as the body goes out. Where there is `XMLHttpRequest` (browsers) it is called as the
   * bytes leave; elsewhere (Node, whose fetch reports no upload progress) once, when the upload is
   * stored.
   */
  onProgress?: (progress: UploadProgress) => void;
  /**
   * Aborting rejects with the signal's reason (an `AbortError` DOMException unless another was
   * given), and nothing is kept: an upload the server stored before the abort reached it is
   * removed at once.
   */
  signal?: AbortSignal;
}

const entry = (chat: ChatClient) => internalsOf(chat, 'attachments');

/**
 * Uploads a file to the channel `channelId`, to be sent in it within an hour. The server
 * recognises its type from its bytes (images are measured; every other file is kept as a
 * download). Rejects with a `ChatApiError`: `payload_too_large` (413) over the size or pixel
 * limit, `unsupported_media_type` for an image whose header cannot be read, `invalid_input` for an
 * empty file or a blank name, `not_member`, `banned` or `timed_out` (403) when the user may not
 * post there.
 *
 * @example
 * const files = await Promise.all([...input.files].map((file) => uploadAttachment(chat, channelId, file)));
 * await chat.channel(channelId).send('', { attachments: files });
 */
export async function uploadAttachment(
  chat: ChatClient,
  channelId: string,
  file: Blob | Uint8Array,
  options: UploadOptions = {},
): Promise<Attachment> {
  const { authorized } = entry(chat);
  const { onProgress, signal } = options;
  signal?.throwIfAborted();
  const total = file instanceof Uint8Array ? file.byteLength : file.size;
  const url = new URL(`${chat.url}/api/channels/${encodeURIComponent(channelId)}/attachments`);
  url.searchParams.set('name', options.name ?? ((file as Partial<File>).name || 'file'));
  const transport = typeof XMLHttpRequest === 'function' ? sentWithProgress(total, onProgress) : undefined;
  const init: CallInit = {
    method: 'POST',
    headers: { 'content-type': (file as Partial<Blob>).type || 'application/octet-stream' },
    body: file as BodyInit,
    signal,
  };
  const stored = (await readAnswer(
    await authorized(url, init, transport),
    'POST /api/channels/{id}/attachments',
    ATTACHMENT,
  )) as Attachment;
  if (signal?.aborted) {
    // The abort came after the server stored the file: it must not stay behind.
    await removeUpload(chat, stored.id).catch(() => undefined);
    signal.throwIfAborted();
  }
  if (!transport) onProgress?.({ loaded: total, total });
  return stored;
}

/**
 * Removes one of the user's uploads that no message carries yet, with its bytes (a file taken
 * back out of the composer). Rejects with `unknown_attachment` (404) for another user's upload,
 * one already sent, or an unknown id; a sent file goes with its message's delete.
 *
 * @example
 * await removeUpload(chat, file.id);
 */
export async function removeUpload(chat: ChatClient, attachmentId: string): Promise<void> {
  await entry(chat).request('delete', '/api/attachments/{id}', { path: { id: attachmentId } });
}

/**
 * The file's bytes, fetched with the user's token (the URL alone grants nothing). Only URLs of the
 * client's own server are fetched, so the token never goes elsewhere. Rejects with
 * `unknown_attachment` (404) when the user cannot read the file's channel (a private server they
 * do not belong to), as for a file that does not exist.
 *
 * @example
 * const url = URL.createObjectURL(await fetchAttachment(chat, attachment));
 * img.src = url; // URL.revokeObjectURL(url) once it is no longer shown
 */
export async function fetchAttachment(
  chat: ChatClient,
  attachment: Pick<Attachment, 'url'>,
  options: { signal?: AbortSignal } = {},
): Promise<Blob> {
  const base = new URL(`${chat.url}/`);
  const url = new URL(attachment.url.startsWith('/') ? chat.url + attachment.url : attachment.url);
  if (url.origin !== base.origin || !url.pathname.startsWith(base.pathname)) {
    throw new TypeError(`fetchAttachment: ${attachment.url} is not a file of ${chat.url}; its token is not sent there`);
  }
  const res = await entry(chat).authorized(url, { headers: {}, signal: options.signal });
  // An error status rejects here with the server's problem; a success is the file itself.
  if (!res.ok) await readAnswer(res, `GET ${url.pathname}`);
  return res.blob();
}

/**
 * A transport over XMLHttpRequest, which reports the upload's progress (fetch cannot): `total` is
 * the body's size.
 */
function sentWithProgress(total: number, onProgress: UploadOptions['onProgress']): Transport {
  return (url, { method = 'GET', headers, body, signal }) =>
    new Promise((resolve, reject) => {
      // Aborted while the token was fetched: nothing goes out.
      if (signal?.aborted) return reject(signal.reason as Error);
      const xhr = new XMLHttpRequest();
      const abort = () => xhr.abort();
      const settle = () => signal?.removeEventListener('abort', abort);
      xhr.open(method, url);
      for (const [key, value] of Object.entries(headers)) xhr.setRequestHeader(key, value);
      xhr.upload.onprogress = (event) => onProgress?.({ loaded: Math.min(event.loaded, total), total });
      xhr.onload = () => {
        settle();
        resolve(new Response(xhr.responseText || null, { status: xhr.status, statusText: xhr.statusText, headers: responseHeaders(xhr) }));
      };
      xhr.onerror = () => {
        settle();
        reject(new TypeError(`${method} ${url.pathname} failed: the network refused or dropped it`));
      };
      xhr.onabort = () => {
        settle();
        reject((signal?.reason as Error | undefined) ?? new DOMException('The upload was aborted', 'AbortError'));
      };
      signal?.addEventListener('abort', abort, { once: true });
      xhr.send(body as XMLHttpRequestBodyInit);
    });
}

/** The response headers of a finished XMLHttpRequest (its `Retry-After` among them). */
function responseHeaders(xhr: XMLHttpRequest): Headers {
  const headers = new Headers();
  for (const line of xhr.getAllResponseHeaders().split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.append(line.slice(0, colon).trim(), line.slice(colon + 1).trim());
  }
  return headers;
}
