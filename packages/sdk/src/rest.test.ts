// REST at unit level: msw answers on a made-up origin, so every status and every broken body can be
// produced on demand. The real server's behaviour is covered by packages/sdk/test/ (no msw there).
import { http, HttpResponse, type JsonBodyType } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { signInAsGuest } from './guest.js';
import { ChatApiError, type Message, type MessagePage, type Server, createChatClient } from './index.js';
import { manageServer } from './community.js';

const origin = 'http://hearth.test';
const api = (path: string) => `${origin}${path}`;
const mock = setupServer();

beforeAll(() => mock.listen({ onUnhandledRequest: 'error' }));
afterEach(() => mock.resetHandlers());
afterAll(() => mock.close());

const client = () => createChatClient({ url: origin, token: 't' });

const server: Server = {
  id: 's_1',
  name: 'Games',
  description: '',
  iconUrl: null,
  bannerUrl: null,
  categoryId: 'games',
  ownerId: 'u_ada',
  visibility: 'public',
  memberCount: 3,
  channels: [{ id: 'c_1', serverId: 's_1', name: 'general', topic: '', position: 0, slowModeSeconds: 0 }],
};

const message = (seq: number): Message => ({
  id: `m_${seq}`,
  channelId: 'c_1',
  seq,
  author: { id: 'u_ada', name: 'Ada', avatarUrl: null },
  content: `message ${seq}`,
  createdAt: '2025-01-01T00:00:00.000Z',
  clientId: null,
});

/** What the reference server's problem handler sends (packages/reference-server/src/http/problem.ts). */
function problem(status: number, code: string, title: string, detail: string, field?: string) {
  return {
    type: `/problems/${code}`,
    title,
    status,
    detail,
    code,
    ...(field !== undefined && { field, errors: [{ field, message: detail }] }),
  };
}

/** Settles `promise` and returns what it rejected with; fails the test if it resolved. */
async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    (value) => expect.fail(`expected a rejection, got ${JSON.stringify(value)}`),
    (error: unknown) => error,
  );
}

/** Asserts `error` is a ChatApiError and returns it typed. */
function apiError(error: unknown): ChatApiError {
  expect(error).toBeInstanceOf(ChatApiError);
  return error as ChatApiError;
}

describe('error statuses', () => {
  const cases = [
    { status: 400, code: 'invalid_input', title: 'Invalid input', detail: 'name must be 1 to 32 characters', field: 'name' },
    { status: 401, code: 'unauthorized', title: 'Unauthorized', detail: 'the token has expired' },
    { status: 403, code: 'not_member', title: 'Not a member', detail: 'join the server to post in its channels' },
    { status: 404, code: 'unknown_server', title: 'Unknown server', detail: 'no server s_1' },
    { status: 405, code: 'method_not_allowed', title: 'Method not allowed', detail: 'PATCH is not allowed here; use GET' },
    { status: 409, code: 'conflict', title: 'Conflict', detail: 'a server named Games exists' },
    { status: 413, code: 'payload_too_large', title: 'Payload too large', detail: 'the request body is too large' },
    { status: 429, code: 'rate_limited', title: 'Too many requests', detail: 'slow down', headers: { 'Retry-After': '3' } },
  ];

  it.each(cases)('maps a $status problem+json to a ChatApiError with code $code and the problem details', async (c) => {
    const body = problem(c.status, c.code, c.title, c.detail, c.field);
    const seen = vi.fn();
    mock.use(
      http.get(api('/api/servers/s_1'), () => {
        seen();
        return HttpResponse.json(body, { status: c.status, headers: { 'Content-Type': 'application/problem+json', ...c.headers } });
      }),
    );

    const error = apiError(await rejection(client().servers.get('s_1')));

    expect(error.status).toBe(c.status);
    expect(error.code).toBe(c.code);
    expect(error.problem).toEqual(body);
    expect(error.name).toBe('ChatApiError');
    expect(error.message).toBe(`${c.title}: ${c.detail}`);
    // A fixed token cannot be refreshed, so not even a 401 is sent twice.
    expect(seen).toHaveBeenCalledTimes(1);
  });

  it('tells how long to wait after a 429, from Retry-After', async () => {
    mock.use(
      http.get(api('/api/servers/s_1'), () =>
        HttpResponse.json(problem(429, 'rate_limited', 'Too many requests', 'slow down'), { status: 429, headers: { 'Retry-After': '3' } }),
      ),
      http.get(api('/api/servers/s_2'), () => HttpResponse.json(problem(404, 'unknown_server', 'Unknown server', 'no'), { status: 404 })),
    );
    expect(apiError(await rejection(client().servers.get('s_1'))).retryAfterMs).toBe(3000);
    expect(apiError(await rejection(client().servers.get('s_2'))).retryAfterMs).toBeUndefined();
  });

  it('keeps the field of a 400 in problem.field and problem.errors', async () => {
    const body = problem(400, 'invalid_input', 'Invalid input', 'content must not be empty', 'content');
    mock.use(http.post(api('/api/channels/c_1/messages'), () => HttpResponse.json(body, { status: 400 })));

    const error = apiError(await rejection(client().messages.post('c_1', { content: '' })));

    expect(error.problem.field).toBe('content');
    expect(error.problem.errors).toEqual([{ field: 'content', message: 'content must not be empty' }]);
  });

  it('gives a ChatApiError with the status for an error body that is not problem+json', async () => {
    mock.use(
      http.get(
        api('/api/servers/s_1'),
        () =>
          new HttpResponse('<html><body>502 Bad Gateway</body></html>', {
            status: 502,
            statusText: 'Bad Gateway',
            headers: { 'Content-Type': 'text/html' },
          }),
      ),
    );

    const error = apiError(await rejection(client().servers.get('s_1')));

    expect(error.status).toBe(502);
    expect(error.code).toBe('unknown');
    expect(error.problem).toMatchObject({ status: 502, title: 'Bad Gateway' });
    expect(error.problem.detail).toContain('502 Bad Gateway');
  });

  it('gives a ChatApiError for JSON that is not a problem, and for an empty error body', async () => {
    mock.use(
      http.get(api('/api/servers/s_1'), () => HttpResponse.json({ error: 'boom' }, { status: 500 })),
      http.get(api('/api/servers/s_2'), () => new HttpResponse(null, { status: 503 })),
    );

    const json = apiError(await rejection(client().servers.get('s_1')));
    expect(json.status).toBe(500);
    expect(json.problem.status).toBe(500);
    expect(json.problem.detail).toContain('boom');

    const empty = apiError(await rejection(client().servers.get('s_2')));
    expect(empty.status).toBe(503);
    expect(empty.problem.status).toBe(503);
  });
});

describe('responses that break the contract', () => {
  const cases: Array<{
    name: string;
    path: string;
    body: JsonBodyType;
    call: (chat: ReturnType<typeof client>) => Promise<unknown>;
    bad: string;
  }> = [
    {
      name: 'a Server missing memberCount',
      path: '/api/servers/s_1',
      body: { ...server, memberCount: undefined },
      call: (chat) => chat.servers.get('s_1'),
      bad: 'memberCount',
    },
    {
      name: 'a channel position that is a string, deep in a list',
      path: '/api/servers',
      body: [server, { ...server, id: 's_2', channels: [{ ...server.channels[0], position: '0' }] }],
      call: (chat) => chat.servers.list(),
      bad: '1.channels.0.position',
    },
    {
      name: 'a message whose seq is a string',
      path: '/api/channels/c_1/messages',
      body: { messages: [message(1), message(2), { ...message(3), seq: '3' }], hasMore: false } satisfies Record<
        Exclude<keyof MessagePage, 'hasNewer'>,
        unknown
      >,
      call: (chat) => chat.messages.list('c_1'),
      bad: 'messages.2.seq',
    },
    {
      name: 'a page without hasMore',
      path: '/api/channels/c_1/messages',
      body: { messages: [] },
      call: (chat) => chat.messages.list('c_1'),
      bad: 'hasMore',
    },
    {
      name: 'an array where an object belongs',
      path: '/api/me',
      body: [{ id: 'u_ada', name: 'Ada', avatarUrl: null }],
      call: (chat) => chat.me(),
      bad: '(root)',
    },
  ];

  it.each(cases)('rejects $name with invalid_response naming $bad', async ({ path, body, call, bad }) => {
    mock.use(http.all(api(path), () => HttpResponse.json(body)));

    const error = apiError(await rejection(call(client())));

    expect(error.code).toBe('invalid_response');
    expect(error.status).toBe(200);
    expect(error.problem.detail).toContain(`whose ${bad} does not match`);
  });

  it('rejects a 200 whose body is not JSON with invalid_response', async () => {
    mock.use(
      http.get(api('/api/servers/s_1'), () => new HttpResponse('<html>maintenance</html>', { headers: { 'Content-Type': 'text/html' } })),
    );

    const error = apiError(await rejection(client().servers.get('s_1')));

    expect(error.code).toBe('invalid_response');
    expect(error.problem.detail).toBe('GET /api/servers/{id} answered with a body that is not JSON');
  });

  it('rejects an empty 200 where a body is promised', async () => {
    mock.use(http.get(api('/api/categories'), () => new HttpResponse(null, { status: 200 })));

    const error = apiError(await rejection(client().categories.list()));

    expect(error.code).toBe('invalid_response');
    expect(error.problem.detail).toContain('(root)');
  });

  it('returns a body that fits, extra properties included', async () => {
    const extended = { ...server, futureField: true };
    mock.use(http.get(api('/api/servers/s_1'), () => HttpResponse.json(extended)));

    await expect(client().servers.get('s_1')).resolves.toEqual(extended);
  });

  it('resolves a 204 with undefined', async () => {
    mock.use(http.delete(api('/api/servers/s_1/members/me'), () => new HttpResponse(null, { status: 204 })));

    await expect(client().servers.leave('s_1')).resolves.toBeUndefined();
  });
});

describe('network failures', () => {
  it("rethrows fetch's own error unchanged", async () => {
    const failure = new TypeError('fetch failed');
    const chat = createChatClient({ url: origin, token: 't', fetch: () => Promise.reject(failure) });

    await expect(chat.servers.get('s_1')).rejects.toBe(failure);
  });

  it('does not wrap a network error from the real fetch in a ChatApiError', async () => {
    mock.use(http.get(api('/api/servers/s_1'), () => HttpResponse.error()));

    const error = await rejection(client().servers.get('s_1'));

    expect(error).toBeInstanceOf(TypeError);
    expect(error).not.toBeInstanceOf(ChatApiError);
  });
});

describe('tokens', () => {
  it('sends the token as a bearer token', async () => {
    const authorization = vi.fn();
    mock.use(
      http.get(api('/api/servers/s_1'), ({ request }) => {
        authorization(request.headers.get('authorization'));
        return HttpResponse.json(server);
      }),
    );

    await client().servers.get('s_1');

    expect(authorization).toHaveBeenCalledWith('Bearer t');
  });

  it('on a 401 calls getToken again and retries once with the fresh token', async () => {
    const getToken = vi.fn<() => Promise<string>>().mockResolvedValueOnce('expired').mockResolvedValueOnce('fresh');
    const seen: Array<string | null> = [];
    mock.use(
      http.get(api('/api/servers/s_1'), ({ request }) => {
        const header = request.headers.get('authorization');
        seen.push(header);
        return header === 'Bearer fresh'
          ? HttpResponse.json(server)
          : HttpResponse.json(problem(401, 'unauthorized', 'Unauthorized', 'the token has expired'), { status: 401 });
      }),
    );
    const chat = createChatClient({ url: origin, getToken });

    await expect(chat.servers.get('s_1')).resolves.toEqual(server);

    expect(getToken).toHaveBeenCalledTimes(2);
    expect(seen).toEqual(['Bearer expired', 'Bearer fresh']);
  });

  it('retries a 401 only once, then rejects with the 401', async () => {
    let calls = 0;
    const getToken = vi.fn(() => `token-${++calls}`);
    const seen = vi.fn();
    mock.use(
      http.get(api('/api/servers/s_1'), () => {
        seen();
        return HttpResponse.json(problem(401, 'unauthorized', 'Unauthorized', 'the token is invalid'), { status: 401 });
      }),
    );
    const chat = createChatClient({ url: origin, getToken });

    const error = apiError(await rejection(chat.servers.get('s_1')));

    expect(error.status).toBe(401);
    expect(error.code).toBe('unauthorized');
    expect(seen).toHaveBeenCalledTimes(2);
    expect(getToken).toHaveBeenCalledTimes(2);
  });

  it('does not retry a 401 with a fixed token', async () => {
    const seen = vi.fn();
    mock.use(
      http.get(api('/api/me'), () => {
        seen();
        return HttpResponse.json(problem(401, 'unauthorized', 'Unauthorized', 'the token has expired'), { status: 401 });
      }),
    );

    const error = apiError(await rejection(client().me()));

    expect(error.status).toBe(401);
    expect(seen).toHaveBeenCalledTimes(1);
  });

  it('fetches one fresh token when several requests are refused with the same expired one', async () => {
    let calls = 0;
    const getToken = vi.fn(async () => (++calls === 1 ? 'expired' : `fresh-${calls}`));
    mock.use(
      http.get(api('/api/categories'), ({ request }) =>
        request.headers.get('authorization') === 'Bearer expired'
          ? HttpResponse.json(problem(401, 'unauthorized', 'Unauthorized', 'the token has expired'), { status: 401 })
          : HttpResponse.json([]),
      ),
    );
    const chat = createChatClient({ url: origin, getToken });

    await Promise.all([chat.categories.list(), chat.categories.list(), chat.categories.list()]);

    expect(getToken).toHaveBeenCalledTimes(2);
  });

  it('calls getToken once for many requests while the token is accepted', async () => {
    const getToken = vi.fn(async () => 'good');
    mock.use(http.get(api('/api/categories'), () => HttpResponse.json([])));
    const chat = createChatClient({ url: origin, getToken });

    await Promise.all([chat.categories.list(), chat.categories.list()]);
    await chat.categories.list();

    expect(getToken).toHaveBeenCalledTimes(1);
  });

  it('signs in as a guest without a token', async () => {
    const guest = { token: 'g.jwt', user: { id: 'g_1', name: 'Ada', avatarUrl: null }, expiresAt: '2025-01-02T00:00:00.000Z' };
    const seen = vi.fn();
    mock.use(
      http.post(api('/api/auth/guest'), async ({ request }) => {
        seen(request.headers.get('authorization'), await request.json());
        return HttpResponse.json(guest, { status: 201 });
      }),
    );

    await expect(signInAsGuest({ url: origin, name: 'Ada' })).resolves.toEqual(guest);

    expect(seen).toHaveBeenCalledWith(null, { name: 'Ada' });
  });
});

describe('what a request sends', () => {
  /** Answers every request with `body` and records it. */
  function record(body: JsonBodyType) {
    const requests: Request[] = [];
    mock.use(
      http.all(`${origin}/*`, ({ request }) => {
        requests.push(request.clone());
        return HttpResponse.json(body);
      }),
    );
    return requests;
  }

  it('encodes query parameters and leaves out undefined ones', async () => {
    const requests = record([server]);

    await client().servers.list({ category: 'games & more/2', limit: 5, member: 'me' });

    const url = new URL(requests[0]!.url);
    expect(url.pathname).toBe('/api/servers');
    expect(url.search).toBe('?category=games+%26+more%2F2&limit=5&member=me');
    expect(url.searchParams.get('category')).toBe('games & more/2');
  });

  it('sends numeric query parameters as numbers and skips undefined', async () => {
    const requests = record({ messages: [message(1)], hasMore: true });

    await client().messages.list('c_1', { before: 120, after: undefined, limit: 50 });

    expect(new URL(requests[0]!.url).search).toBe('?before=120&limit=50');
  });

  it('encodes path parameters, so an id cannot change the path', async () => {
    const requests = record(server);

    await client().servers.get('s 1/../admin?x=1#y');

    const url = requests[0]!.url;
    expect(url).toBe(`${origin}/api/servers/s%201%2F..%2Fadmin%3Fx%3D1%23y`);
  });

  it('posts a JSON body with its content type', async () => {
    const requests = record(message(7));

    await client().messages.post('c_1', { content: 'hi', clientId: 'k_1' });

    const request = requests[0]!;
    expect(request.method).toBe('POST');
    expect(new URL(request.url).pathname).toBe('/api/channels/c_1/messages');
    expect(request.headers.get('content-type')).toBe('application/json');
    expect(await request.json()).toEqual({ content: 'hi', clientId: 'k_1' });
  });

  it('uploads an image Blob as raw bytes with the blob type', async () => {
    const requests = record(server);
    const bytes = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 255]);

    await manageServer(client(), 's_1').setIcon(new Blob([bytes], { type: 'image/png' }));

    const request = requests[0]!;
    expect(request.method).toBe('PUT');
    expect(new URL(request.url).pathname).toBe('/api/servers/s_1/icon');
    expect(request.headers.get('content-type')).toBe('image/png');
    expect(request.headers.get('authorization')).toBe('Bearer t');
    expect(new Uint8Array(await request.arrayBuffer())).toEqual(bytes);
  });

  it('uploads bytes without a type as application/octet-stream', async () => {
    const requests = record(server);
    const bytes = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]);

    await manageServer(client(), 's_1').setBanner(bytes);

    const request = requests[0]!;
    expect(new URL(request.url).pathname).toBe('/api/servers/s_1/banner');
    expect(request.headers.get('content-type')).toBe('application/octet-stream');
    expect(new Uint8Array(await request.arrayBuffer())).toEqual(bytes);
  });

  it('joins a base URL given with a trailing slash without doubling it', async () => {
    const requests = record([]);

    await createChatClient({ url: `${origin}/`, token: 't' }).categories.list();

    expect(requests[0]!.url).toBe(`${origin}/api/categories`);
  });
});
