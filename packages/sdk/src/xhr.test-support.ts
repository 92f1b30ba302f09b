// Node has no XMLHttpRequest, which the attachments entry uses in browsers for upload progress. This
// one carries each request over fetch (so msw answers it, as it answers the client's other calls)
// and reports the body's progress in two steps before it goes out, as a browser reports chunks.

/** The upload side of a request: where progress is reported. */
class TestUpload {
  onprogress: ((event: { loaded: number; total: number; lengthComputable: boolean }) => void) | null = null;
}

/** An XMLHttpRequest over fetch, for the attachments entry's tests in Node. */
export class TestXMLHttpRequest {
  /** Every request made, in order. */
  static made: TestXMLHttpRequest[] = [];
  readonly upload = new TestUpload();
  onload: (() => void) | null = null;
  onerror: (() => void) | null = null;
  onabort: (() => void) | null = null;
  status = 0;
  statusText = '';
  responseText = '';
  method = '';
  url = '';
  aborted = false;
  readonly requestHeaders: Record<string, string> = {};
  #responseHeaders = new Headers();
  readonly #controller = new AbortController();

  constructor() {
    TestXMLHttpRequest.made.push(this);
  }

  open(method: string, url: string | URL): void {
    this.method = method;
    this.url = String(url);
  }

  setRequestHeader(name: string, value: string): void {
    this.requestHeaders[name] = value;
  }

  getAllResponseHeaders(): string {
    let lines = '';
    this.#responseHeaders.forEach((value, name) => (lines += `${name}: ${value}\r\n`));
    return lines;
  }

  abort(): void {
    if (this.aborted) return;
    this.aborted = true;
    this.#controller.abort();
    this.onabort?.();
  }

  send(body: Blob | Uint8Array): void {
    const total = body instanceof Uint8Array ? body.byteLength : body.size;
    void (async () => {
      for (const loaded of [Math.floor(total / 2), total]) {
        // A listener may abort between two chunks, as a person clicking Cancel would.
        await Promise.resolve();
        if (this.aborted) return;
        this.upload.onprogress?.({ loaded, total, lengthComputable: true });
      }
      if (this.aborted) return;
      try {
        const res = await fetch(this.url, {
          method: this.method,
          headers: this.requestHeaders,
          body: body as BodyInit,
          signal: this.#controller.signal,
        });
        this.responseText = await res.text();
        this.status = res.status;
        this.statusText = res.statusText;
        this.#responseHeaders = res.headers;
        this.onload?.();
      } catch {
        if (!this.aborted) this.onerror?.();
      }
    })();
  }
}
