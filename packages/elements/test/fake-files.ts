import type { Message, User } from '@hearth/sdk';
import type { Attachment } from '@hearth/sdk/protocol';
import type { FakeHearth } from './fake-hearth.js';

type Frame = { type: string; [key: string]: unknown };
type Fetch = (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>;

// Ids stay unique across the fakes of a page, as a server's do: the page keeps one set of files' URLs.
let attachmentCount = 0;

/** An upload the page started (`POST /api/channels/{id}/attachments`), answered when the test says. */
export class FakeUpload {
  /** Whether the page aborted it. */
  aborted = false;
  private answered = false;

  constructor(
    readonly xhr: FakeXhr,
    private readonly files: FakeFiles,
    /** The channel it is for. */
    readonly channelId: string,
    /** The name the page gave (the `name` query parameter). */
    readonly name: string,
    /** The body sent. */
    readonly body: Blob,
  ) {}

  /** Reports `loaded` of the body's bytes sent. */
  progress(loaded: number): void {
    this.xhr.fire(this.xhr.upload, 'progress', { lengthComputable: true, loaded, total: this.body.size });
  }

  /** Answers 201 with the stored attachment (an image with `dimensions`, a file without). */
  finish(dimensions?: { width: number; height: number }): Attachment {
    const attachment = this.files.store(this.name, this.body, dimensions);
    this.answer(201, attachment);
    return attachment;
  }

  /** Answers with a problem: `status`, its `code` and `detail`. */
  refuse(status: number, code: string, detail: string): void {
    this.answer(status, { type: `/problems/${code}`, title: code, status, detail, code }, 'application/problem+json');
  }

  private answer(status: number, body: unknown, type = 'application/json'): void {
    if (this.answered || this.aborted) return;
    this.answered = true;
    this.progress(this.body.size);
    this.xhr.respond(status, JSON.stringify(body), type);
  }
}

/** The page's `XMLHttpRequest` while {@link FakeFiles.install} is in effect: it hands uploads to the fake. */
class FakeXhr extends EventTarget {
  static files: FakeFiles | undefined;
  readonly upload = new EventTarget();
  readyState = 0;
  status = 0;
  statusText = '';
  responseText = '';
  responseType: XMLHttpRequestResponseType = '';
  timeout = 0;
  withCredentials = false;
  private method = 'GET';
  private url = '';
  private responseHeaders = new Map<string, string>();
  readonly requestHeaders = new Map<string, string>();

  get response(): unknown {
    return this.responseType === 'json' ? (JSON.parse(this.responseText) as unknown) : this.responseText;
  }

  open(method: string, url: string | URL): void {
    this.method = method.toUpperCase();
    this.url = String(url);
    this.readyState = 1;
  }

  setRequestHeader(name: string, value: string): void {
    this.requestHeaders.set(name.toLowerCase(), value);
  }

  getResponseHeader(name: string): string | null {
    return this.responseHeaders.get(name.toLowerCase()) ?? null;
  }

  getAllResponseHeaders(): string {
    return [...this.responseHeaders].map(([name, value]) => `${name}: ${value}\r\n`).join('');
  }

  overrideMimeType(): void {}

  send(body?: Document | XMLHttpRequestBodyInit | null): void {
    const files = FakeXhr.files;
    const url = new URL(this.url, 'http://hearth.test');
    const match = /^\/api\/channels\/([^/]+)\/attachments$/.exec(url.pathname);
    if (!files || this.method !== 'POST' || !match) throw new Error(`fake XMLHttpRequest: no route for ${this.method} ${this.url}`);
    const blob = body instanceof Blob ? body : new Blob([body as BlobPart]);
    files.uploads.push(new FakeUpload(this, files, match[1] ?? '', url.searchParams.get('name') ?? '', blob));
    setTimeout(() => this.fire(this, 'loadstart'));
  }

  abort(): void {
    const upload = FakeXhr.files?.uploads.find((candidate) => candidate.xhr === this);
    if (upload) upload.aborted = true;
    this.readyState = 4;
    this.fire(this, 'abort');
    this.fire(this, 'loadend');
  }

  respond(status: number, text: string, type: string): void {
    this.status = status;
    this.responseText = text;
    this.responseHeaders = new Map([['content-type', type]]);
    this.readyState = 4;
    this.fire(this, 'readystatechange');
    this.fire(this, 'load');
    this.fire(this, 'loadend');
  }

  /** Dispatches a progress event and calls its `on…` handler, as the browser does. */
  fire(target: EventTarget, type: string, init: ProgressEventInit = {}): void {
    const event = new ProgressEvent(type, init);
    const handler = (target as unknown as Record<string, unknown>)[`on${type}`];
    if (typeof handler === 'function') (handler as (event: Event) => void).call(target, event);
    target.dispatchEvent(event);
  }
}

/**
 * Files for a {@link FakeHearth}: uploads through a fake `XMLHttpRequest` that the test answers
 * (progress, success, refusal), files' bytes over its `fetch` (held or failed on demand), removal,
 * and sends that name uploads. Install it for a test and restore after.
 */
export class FakeFiles {
  /** The uploads started, in order. */
  readonly uploads: FakeUpload[] = [];
  /** The attachments the fake holds, with their bytes, by id. */
  readonly stored = new Map<string, { attachment: Attachment; bytes: Blob }>();
  /** The ids removed with `DELETE /api/attachments/{id}`. */
  readonly removed: string[] = [];
  /** The ids whose bytes were fetched, in order. */
  readonly fetched: string[] = [];
  /** The `send` frames the sockets sent. */
  readonly sends: Frame[] = [];
  /** Ids whose bytes answer 404. */
  readonly failing = new Set<string>();
  /** While true, fetches of bytes wait for {@link releaseFetches}. */
  holdFetches = false;
  private held: Array<() => void> = [];
  private sending: Attachment[] | undefined;

  constructor(readonly hearth: FakeHearth) {
    // The fake's own routes and frames stay; these come first. Its `fetch` is private to it, so it
    // is reached through the instance, as its clients reach it.
    const inner = hearth as unknown as { fetch: Fetch; receive: FakeHearth['receive']; post: FakeHearth['post'] };
    const fetch = inner.fetch.bind(hearth);
    inner.fetch = (input, init) => this.route(input, init) ?? fetch(input, init);
    const receive = inner.receive.bind(hearth);
    inner.receive = (socket, frame) => {
      if (frame.type === 'send') {
        this.sends.push(frame);
        const ids = Array.isArray(frame.attachments) ? (frame.attachments as string[]) : [];
        this.sending = ids.flatMap((id) => this.stored.get(id)?.attachment ?? []);
      }
      receive(socket, frame);
      this.sending = undefined;
    };
    const post = inner.post.bind(hearth);
    inner.post = (...args) => {
      const message = post(...args);
      if (this.sending?.length) message.attachments = this.sending;
      return message;
    };
  }

  /** Puts the fake `XMLHttpRequest` in place; returns the function that restores the page's. */
  install(): () => void {
    const original = globalThis.XMLHttpRequest;
    FakeXhr.files = this;
    globalThis.XMLHttpRequest = FakeXhr as unknown as typeof XMLHttpRequest;
    return () => {
      globalThis.XMLHttpRequest = original;
      FakeXhr.files = undefined;
    };
  }

  /** Stores a file as an upload would, and returns its attachment. */
  store(name: string, bytes: Blob, dimensions?: { width: number; height: number }): Attachment {
    const id = `a_${++attachmentCount}`;
    const attachment: Attachment = {
      id,
      name,
      contentType: dimensions ? bytes.type || 'image/png' : bytes.type || 'application/octet-stream',
      size: bytes.size,
      url: `/api/attachments/${id}`,
      width: dimensions?.width ?? null,
      height: dimensions?.height ?? null,
    };
    this.stored.set(id, { attachment, bytes });
    return attachment;
  }

  /** Posts a message with files, as someone else would. */
  post(channelId: string, content: string, attachments: Attachment[], author?: User): Message {
    const message = this.hearth.post(channelId, content, author);
    message.attachments = attachments;
    return message;
  }

  /** Answers the fetches held so far, and the next ones at once. */
  releaseFetches(): void {
    this.holdFetches = false;
    for (const release of this.held.splice(0)) release();
  }

  private route(input: RequestInfo | URL, init?: RequestInit): Promise<Response> | undefined {
    const url = new URL(String(input instanceof Request ? input.url : input));
    const match = /^\/api\/attachments\/([^/]+)$/.exec(url.pathname);
    if (!match) return undefined;
    const id = match[1] ?? '';
    const method = (init?.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase();
    const found = this.stored.get(id);
    const missing = () =>
      new Response(
        JSON.stringify({
          type: '/problems/unknown_attachment',
          title: 'Not found',
          status: 404,
          detail: 'no such file',
          code: 'unknown_attachment',
        }),
        {
          status: 404,
          headers: { 'content-type': 'application/problem+json' },
        },
      );
    if (method === 'DELETE') {
      this.removed.push(id);
      this.stored.delete(id);
      return Promise.resolve(found ? new Response(null, { status: 204 }) : missing());
    }
    this.fetched.push(id);
    const answer = () =>
      !found || this.failing.has(id)
        ? missing()
        : new Response(found.bytes, { status: 200, headers: { 'content-type': found.attachment.contentType } });
    if (!this.holdFetches) return Promise.resolve(answer());
    return new Promise((resolve) => this.held.push(() => resolve(answer())));
  }
}

/** A PNG of `width` × `height` pixels in one colour, drawn by the browser. */
export async function pngOf(width: number, height: number, colour = '#3b82f6'): Promise<Blob> {
  const canvas = new OffscreenCanvas(width, height);
  const context = canvas.getContext('2d') as OffscreenCanvasRenderingContext2D;
  context.fillStyle = colour;
  context.fillRect(0, 0, width, height);
  return canvas.convertToBlob({ type: 'image/png' });
}
