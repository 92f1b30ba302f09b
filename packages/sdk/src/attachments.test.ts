// @hearth/sdk/attachments and sends with files at unit level: msw answers REST on a made-up origin
// and the scripted socket plays the server, so progress, aborts, refusals and retries happen on
// demand. packages/sdk/test/attachments.test.ts runs them against a real server.
import { http, HttpResponse } from 'msw';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fetchAttachment, removeUpload, uploadAttachment, type UploadProgress } from './attachments.js';
import { type Attachment, type ChatClient, ChatApiError, ChatSocketError, createChatClient, isPending } from './index.js';
import { api, message, mock, openChannel, origin, stops, waitFor } from './scripted-server.test-support.js';
import { TestXMLHttpRequest } from './xhr.test-support.js';
import { threadOf } from './threads.js';

const png: Attachment = {
  id: 'a_1',
  name: 'sunset.png',
  contentType: 'image/png',
  size: 6,
  url: '/api/attachments/a_1',
  width: 2,
  height: 1,
};
const pdf: Attachment = {
  id: 'a_2',
  name: 'notes.pdf',
  contentType: 'application/pdf',
  size: 4,
  url: '/api/attachments/a_2',
  width: null,
  height: null,
};
const bytes = new Uint8Array([137, 80, 78, 71, 13, 10]);

const problem = (status: number, code: string, field?: string, headers?: Record<string, string>) =>
  HttpResponse.json(
    { type: `/problems/${code}`, title: code, status, detail: `${code} here`, code, ...(field && { field }) },
    { status, headers },
  );

function client(options: { getToken?: () => Promise<string>; url?: string; fetch?: typeof fetch } = {}): ChatClient {
  const chat = createChatClient({
    url: options.url ?? origin,
    ...(options.getToken ? { getToken: options.getToken } : { token: 't' }),
    fetch: options.fetch,
  });
  stops.push(() => chat.close());
  return chat;
}

/** What an upload request carried, as the server saw it. */
interface Received {
  name: string | null;
  authorization: string | null;
  contentType: string | null;
  body: number[];
}

/** Answers uploads to c_1 with `answer` and records each. */
function uploads(answer: () => Response = () => HttpResponse.json(png, { status: 201 })): Received[] {
  const received: Received[] = [];
  mock.use(
    http.post(api('/api/channels/c_1/attachments'), async ({ request }) => {
      received.push({
        name: new URL(request.url).searchParams.get('name'),
        authorization: request.headers.get('authorization'),
        contentType: request.headers.get('content-type'),
        body: [...new Uint8Array(await request.arrayBuffer())],
      });
      return answer();
    }),
  );
  return received;
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    (value) => expect.fail(`expected a rejection, got ${JSON.stringify(value)}`),
    (error: unknown) => error,
  );
}

describe('uploadAttachment without XMLHttpRequest (Node)', () => {
  it('posts the raw bytes with the token and the name, and reports progress once, at the end', async () => {
    const received = uploads();
    const progress: UploadProgress[] = [];

    const stored = await uploadAttachment(client(), 'c_1', new Blob([bytes], { type: 'image/png' }), {
      name: 'sunset.png',
      onProgress: (step) => progress.push(step),
    });

    expect(stored).toEqual(png);
    expect(received).toEqual([{ name: 'sunset.png', authorization: 'Bearer t', contentType: 'image/png', body: [...bytes] }]);
    expect(progress).toEqual([{ loaded: 6, total: 6 }]);
  });

  it("keeps a File's own name, calls bytes without one 'file', and encodes any name in the query", async () => {
    const received = uploads();
    const chat = client();

    await uploadAttachment(chat, 'c_1', new File([bytes], 'plan & notes #2 é.txt'));
    await uploadAttachment(chat, 'c_1', bytes);
    await uploadAttachment(chat, 'c_1', new File([bytes], 'ignored.txt'), { name: '100% done?.png' });

    expect(received.map((each) => each.name)).toEqual(['plan & notes #2 é.txt', 'file', '100% done?.png']);
    expect(received[1]?.contentType).toBe('application/octet-stream');
  });

  it('rejects with the ChatApiError of a problem: code, status, field and retryAfterMs', async () => {
    uploads(() => problem(413, 'payload_too_large'));
    const tooLarge = (await rejection(uploadAttachment(client(), 'c_1', bytes))) as ChatApiError;
    expect(tooLarge).toBeInstanceOf(ChatApiError);
    expect(tooLarge).toMatchObject({ status: 413, code: 'payload_too_large' });

    uploads(() => problem(400, 'invalid_input', 'name'));
    expect(await rejection(uploadAttachment(client(), 'c_1', bytes, { name: ' ' }))).toMatchObject({
      code: 'invalid_input',
      problem: { field: 'name' },
    });

    uploads(() => problem(429, 'rate_limited', undefined, { 'retry-after': '4' }));
    expect(await rejection(uploadAttachment(client(), 'c_1', bytes))).toMatchObject({ code: 'rate_limited', retryAfterMs: 4000 });
  });

  it('rejects an answer that is no attachment as invalid_response', async () => {
    uploads(() => HttpResponse.json({ id: 'a_1' }, { status: 201 }));

    const error = (await rejection(uploadAttachment(client(), 'c_1', bytes))) as ChatApiError;

    expect(error.code).toBe('invalid_response');
    expect(error.message).toContain('name');
  });

  it('sends nothing when aborted before it starts', async () => {
    const received = uploads();

    const error = await rejection(uploadAttachment(client(), 'c_1', bytes, { signal: AbortSignal.abort() }));

    expect(error).toBeInstanceOf(DOMException);
    expect((error as DOMException).name).toBe('AbortError');
    expect(received).toEqual([]);
  });

  it('removes an upload the server stored before the abort reached it', async () => {
    const controller = new AbortController();
    uploads();
    const removed: string[] = [];
    mock.use(
      http.delete(api('/api/attachments/:id'), ({ params }) => {
        removed.push(String(params.id));
        return new HttpResponse(null, { status: 204 });
      }),
    );
    // The answer has arrived whole when the person clicks Cancel.
    const arrivesThenAborted: typeof fetch = async (input, init) => {
      const res = await fetch(input, init);
      if (init?.method !== 'POST') return res;
      const answered = new Response(await res.text(), res);
      controller.abort();
      return answered;
    };

    const error = await rejection(uploadAttachment(client({ fetch: arrivesThenAborted }), 'c_1', bytes, { signal: controller.signal }));

    expect((error as DOMException).name).toBe('AbortError');
    expect(removed).toEqual(['a_1']);
  });
});

describe('uploadAttachment with XMLHttpRequest (browsers)', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    TestXMLHttpRequest.made = [];
  });

  it('reports progress as the body goes out and resolves with the stored upload', async () => {
    vi.stubGlobal('XMLHttpRequest', TestXMLHttpRequest);
    const received = uploads();
    const progress: UploadProgress[] = [];

    const stored = await uploadAttachment(client(), 'c_1', new Blob([bytes]), {
      name: 'sunset.png',
      onProgress: (step) => progress.push(step),
    });

    expect(stored).toEqual(png);
    expect(progress).toEqual([
      { loaded: 3, total: 6 },
      { loaded: 6, total: 6 },
    ]);
    expect(received).toEqual([
      { name: 'sunset.png', authorization: 'Bearer t', contentType: 'application/octet-stream', body: [...bytes] },
    ]);
    expect(TestXMLHttpRequest.made.map((xhr) => xhr.method)).toEqual(['POST']);
  });

  it('on a 401 fetches a fresh token and sends the file again, once', async () => {
    vi.stubGlobal('XMLHttpRequest', TestXMLHttpRequest);
    const getToken = vi.fn<() => Promise<string>>().mockResolvedValueOnce('expired').mockResolvedValueOnce('fresh');
    const received = uploads();
    mock.use(
      http.post(api('/api/channels/c_1/attachments'), ({ request }) =>
        request.headers.get('authorization') === 'Bearer expired' ? problem(401, 'unauthorized') : undefined,
      ),
    );

    await expect(uploadAttachment(client({ getToken }), 'c_1', bytes)).resolves.toEqual(png);

    expect(getToken).toHaveBeenCalledTimes(2);
    expect(received.map((each) => each.authorization)).toEqual(['Bearer fresh']);
    expect(TestXMLHttpRequest.made).toHaveLength(2);
  });

  it('rejects with the ChatApiError of a problem, Retry-After included', async () => {
    vi.stubGlobal('XMLHttpRequest', TestXMLHttpRequest);
    uploads(() => problem(429, 'rate_limited', undefined, { 'retry-after': '2' }));

    const error = (await rejection(uploadAttachment(client(), 'c_1', bytes))) as ChatApiError;

    expect(error).toBeInstanceOf(ChatApiError);
    expect(error).toMatchObject({ status: 429, code: 'rate_limited', retryAfterMs: 2000 });
  });

  it('stops the request when aborted mid-upload: AbortError, and nothing reaches the server', async () => {
    vi.stubGlobal('XMLHttpRequest', TestXMLHttpRequest);
    const received = uploads();
    const controller = new AbortController();
    const progress: UploadProgress[] = [];

    const error = await rejection(
      uploadAttachment(client(), 'c_1', bytes, {
        signal: controller.signal,
        onProgress: (step) => {
          progress.push(step);
          controller.abort();
        },
      }),
    );

    expect(error).toBeInstanceOf(DOMException);
    expect((error as DOMException).name).toBe('AbortError');
    expect(progress).toEqual([{ loaded: 3, total: 6 }]);
    expect(TestXMLHttpRequest.made[0]?.aborted).toBe(true);
    expect(received).toEqual([]);
  });
});

describe('removeUpload and fetchAttachment', () => {
  it('removeUpload deletes the upload, and rejects with unknown_attachment for one it may not remove', async () => {
    const deleted: string[] = [];
    mock.use(
      http.delete(api('/api/attachments/:id'), ({ params, request }) => {
        deleted.push(`${String(params.id)} ${request.headers.get('authorization')}`);
        return params.id === 'a_1' ? new HttpResponse(null, { status: 204 }) : problem(404, 'unknown_attachment');
      }),
    );
    const chat = client();

    await expect(removeUpload(chat, 'a_1')).resolves.toBeUndefined();
    expect(await rejection(removeUpload(chat, 'a_other'))).toMatchObject({ status: 404, code: 'unknown_attachment' });
    expect(deleted).toEqual(['a_1 Bearer t', 'a_other Bearer t']);
  });

  it("fetches a file's bytes with the token, under the client's base path, absolute URLs of it included", async () => {
    let authorization: string | null = null;
    mock.use(
      http.get(api('/chat/api/attachments/a_1'), ({ request }) => {
        authorization = request.headers.get('authorization');
        return new HttpResponse(bytes, { headers: { 'content-type': 'image/png' } });
      }),
    );

    const chat = client({ url: `${origin}/chat/` });
    const blob = await fetchAttachment(chat, png);
    await fetchAttachment(chat, { url: `${origin.toUpperCase().replace('HTTP', 'http')}/chat/api/attachments/a_1` });

    expect(authorization).toBe('Bearer t');
    expect(blob.type).toBe('image/png');
    expect([...new Uint8Array(await blob.arrayBuffer())]).toEqual([...bytes]);
  });

  it('rejects with unknown_attachment when the user may not read the file', async () => {
    mock.use(http.get(api('/api/attachments/a_2'), () => problem(404, 'unknown_attachment')));

    expect(await rejection(fetchAttachment(client(), pdf))).toMatchObject({ status: 404, code: 'unknown_attachment' });
  });

  it("never sends the token to another origin's URL", async () => {
    const error = await rejection(fetchAttachment(client(), { url: 'http://elsewhere.test/api/attachments/a_1' }));
    const outsideBase = await rejection(fetchAttachment(client({ url: `${origin}/chat` }), { url: `${origin}/other/api/attachments/a_1` }));

    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toContain('elsewhere.test');
    expect(outsideBase).toBeInstanceOf(TypeError);
  });

  it('asks for a client of this SDK', async () => {
    await expect(removeUpload({} as ChatClient, 'a_1')).rejects.toThrow(
      /@hearth\/sdk\/attachments: pass a client made by createChatClient/,
    );
  });
});

describe('sending files', () => {
  it('shows the files on the pending row at once and names their ids in the frame, with empty content', async () => {
    const { channel, socket } = await openChannel([message(1)]);

    const sending = channel.send('', { attachments: [png, pdf] });

    const row = channel.$messages.get().at(-1);
    expect(row && isPending(row) && row.attachments).toEqual([png, pdf]);
    const frame = await waitFor(() => socket.sent.find((sent) => sent.type === 'send'));
    expect(frame).toMatchObject({ type: 'send', channelId: 'c_1', content: '', attachments: ['a_1', 'a_2'] });
    const stored = message(2, { content: '', clientId: frame.clientId as string, attachments: [png, pdf] });
    socket.play({ type: 'ack', clientId: frame.clientId, message: stored });
    expect(await sending).toEqual(stored);
    expect(channel.$messages.get().at(-1)).toMatchObject({ id: 'm_2', attachments: [png, pdf] });
  });

  it('fails the row on unknown_attachment, and a retry names the same files', async () => {
    const { channel, socket } = await openChannel([message(1)]);

    const refused = channel.send('look', { attachments: [png] }).catch((error: unknown) => error);
    const first = await waitFor(() => socket.sent.find((sent) => sent.type === 'send'));
    socket.play({ type: 'error', code: 'unknown_attachment', message: 'no attachment a_1', ref: first.clientId });

    const error = await refused;
    expect(error).toBeInstanceOf(ChatSocketError);
    expect(error).toMatchObject({ code: 'unknown_attachment' });
    const failed = channel.$messages.get().at(-1);
    expect(failed && isPending(failed) && [failed.state, failed.attachments]).toEqual(['failed', [png]]);

    const retrying = channel.retry(first.clientId as string);
    const sends = await waitFor(
      () => socket.sent.filter((sent) => sent.type === 'send').length === 2 && socket.sent.filter((sent) => sent.type === 'send'),
    );
    expect(sends[1]).toEqual(first);
    socket.play({ type: 'ack', clientId: first.clientId, message: message(2, { content: 'look', attachments: [png] }) });
    await expect(retrying).resolves.toMatchObject({ attachments: [png] });
  });

  it('sends files in a thread too', async () => {
    const { channel, socket } = await openChannel([message(1)]);

    void threadOf(channel, 'm_1')
      .send('', { attachments: [pdf] })
      .catch(() => undefined);

    expect(await waitFor(() => socket.sent.find((sent) => sent.type === 'send'))).toMatchObject({
      threadId: 'm_1',
      content: '',
      attachments: ['a_2'],
    });
  });
});
