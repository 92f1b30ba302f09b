// The shared stores at unit level: msw answers on a made-up origin, so a request can fail, hang or
// answer late on demand. The stores' life with a real server is covered in packages/sdk/test/.
import { http, HttpResponse, delay } from 'msw';
import { setupServer } from 'msw/node';
import type { ReadableAtom } from 'nanostores';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type AsyncState, type Category, type ChatClient, ChatApiError, type Server, createChatClient } from './index.js';

const origin = 'http://hearth.test';
const api = (path: string) => `${origin}${path}`;
const mock = setupServer();
const clients: ChatClient[] = [];
const stops: Array<() => void> = [];

beforeAll(() => mock.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  for (const stop of stops.splice(0)) stop();
  for (const chat of clients.splice(0)) chat.close();
  mock.resetHandlers();
});
afterAll(() => mock.close());

function client(options: Partial<Parameters<typeof createChatClient>[0]> = {}): ChatClient {
  const chat = createChatClient({ url: origin, token: 't', ...options });
  clients.push(chat);
  return chat;
}

const server = (id: string, memberCount = 1): Server => ({
  id,
  name: `Server ${id}`,
  description: '',
  iconUrl: null,
  bannerUrl: null,
  categoryId: 'games',
  ownerId: 'u_ada',
  visibility: 'public',
  memberCount,
  channels: [{ id: `c_${id}`, serverId: id, name: 'general', topic: '', position: 0, slowModeSeconds: 0 }],
});
const games: Category = { id: 'games', name: 'Games', description: '', iconUrl: null };

const problem = (status: number, code: string) =>
  HttpResponse.json(
    { type: `/problems/${code}`, title: 'Failed', status, detail: code, code },
    { status, headers: { 'content-type': 'application/problem+json' } },
  );

/** Watches `store` for the rest of the test; returns every state it went through. */
function watch<T>(store: ReadableAtom<AsyncState<T>>): Array<AsyncState<T>> {
  const seen: Array<AsyncState<T>> = [];
  stops.push(store.subscribe((state) => seen.push(state)));
  return seen;
}

/** Resolves with the store's value once `ready` accepts it. */
function until<T>(store: ReadableAtom<T>, ready: (state: T) => boolean): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`store stayed at ${JSON.stringify(store.get())}`)), 3000);
    const stop = store.subscribe((state) => {
      if (!ready(state)) return;
      clearTimeout(timer);
      queueMicrotask(() => stop());
      resolve(state);
    });
  });
}

const isReady = <T>(state: AsyncState<T>) => state.state === 'ready';
const isError = <T>(state: AsyncState<T>) => state.state === 'error';

/** Answers with an error while `failing` is true, then with `body`. */
function flaky(path: string, body: () => unknown) {
  const control = { failing: true, calls: 0 };
  mock.use(
    http.get(api(path), () => {
      control.calls++;
      return control.failing ? problem(503, 'unavailable') : HttpResponse.json(body() as never);
    }),
  );
  return control;
}

describe('the shared stores go loading → ready, loading → error → retry → ready', () => {
  it('for the server list', async () => {
    const control = flaky('/api/servers', () => [server('s_1'), server('s_2')]);
    const $servers = client().servers.$list();
    expect($servers.get()).toEqual({ state: 'loading' });
    const seen = watch($servers);
    expect(seen[0]).toEqual({ state: 'loading' });
    const failed = await until($servers, isError);
    expect(failed.state === 'error' && failed.error).toBeInstanceOf(ChatApiError);
    expect(failed.state === 'error' && (failed.error as ChatApiError).status).toBe(503);

    control.failing = false;
    $servers.refresh();
    expect($servers.get().state).toBe('loading');
    const ready = await until($servers, isReady);
    expect(ready.value?.map((one) => one.id)).toEqual(['s_1', 's_2']);
    expect(seen.map((state) => state.state)).toEqual(['loading', 'error', 'loading', 'ready']);
    expect(control.calls).toBe(2);
  });

  it('for one server', async () => {
    const control = flaky('/api/servers/s_1', () => server('s_1'));
    const $server = client().servers.$get('s_1');
    const seen = watch($server);
    await until($server, isError);
    control.failing = false;
    $server.refresh();
    const ready = await until($server, isReady);
    expect(ready.value?.name).toBe('Server s_1');
    expect(seen.map((state) => state.state)).toEqual(['loading', 'error', 'loading', 'ready']);
  });

  it('for one server that does not exist, with the 404 to tell it from an outage', async () => {
    mock.use(http.get(api('/api/servers/s_gone'), () => problem(404, 'unknown_server')));
    const $server = client().servers.$get('s_gone');
    watch($server);
    const failed = await until($server, isError);
    expect(failed.state === 'error' && failed.error instanceof ChatApiError && failed.error.status).toBe(404);
  });

  it('for the categories', async () => {
    const control = flaky('/api/categories', () => [games]);
    const $categories = client().categories.$list;
    const seen = watch($categories);
    await until($categories, isError);
    control.failing = false;
    $categories.refresh();
    const ready = await until($categories, isReady);
    expect(ready.value).toEqual([games]);
    expect(seen.map((state) => state.state)).toEqual(['loading', 'error', 'loading', 'ready']);
  });

  it('for the memberships, as the ids of the servers the user belongs to', async () => {
    let query = '';
    mock.use(
      http.get(api('/api/servers'), ({ request }) => {
        query = new URL(request.url).search;
        return HttpResponse.json([server('s_1'), server('s_3')]);
      }),
    );
    const $memberships = client().$memberships;
    watch($memberships);
    expect((await until($memberships, isReady)).value).toEqual(['s_1', 's_3']);
    expect(query).toBe('?member=me');
  });
});

describe('the shared stores', () => {
  it('are one instance per query or id, and another for another query', () => {
    const chat = client();
    expect(chat.servers.$list({ member: 'me' })).toBe(chat.servers.$list({ member: 'me' }));
    expect(chat.servers.$list()).toBe(chat.servers.$list({}));
    expect(chat.servers.$list({ category: 'games' })).not.toBe(chat.servers.$list({ category: 'music' }));
    expect(chat.servers.$list({ member: 'me' })).not.toBe(chat.servers.$list());
    expect(chat.servers.$get('s_1')).toBe(chat.servers.$get('s_1'));
    expect(chat.servers.$get('s_1')).not.toBe(chat.servers.$get('s_2'));
    expect(chat.categories.$list).toBe(chat.categories.$list);
    expect(client().servers.$get('s_1')).not.toBe(chat.servers.$get('s_1'));
  });

  it('send the query to the server and fetch once for every watcher of the same query', async () => {
    const queries: string[] = [];
    mock.use(
      http.get(api('/api/servers'), ({ request }) => {
        queries.push(new URL(request.url).search);
        return HttpResponse.json([server('s_1')]);
      }),
    );
    const chat = client();
    watch(chat.servers.$list({ category: 'games', limit: 5 }));
    watch(chat.servers.$list({ category: 'games', limit: 5 }));
    await until(chat.servers.$list({ category: 'games', limit: 5 }), isReady);
    expect(queries).toEqual(['?category=games&limit=5']);
  });

  it('fetch nothing until watched', async () => {
    let calls = 0;
    mock.use(http.get(api('/api/categories'), () => (calls++, HttpResponse.json([games]))));
    const chat = client();
    chat.categories.$list.refresh();
    await delay(20);
    expect(calls).toBe(0);
    expect(chat.categories.$list.get()).toEqual({ state: 'loading' });
  });

  it('refresh after a join or a leave through the client, keeping the value shown meanwhile', async () => {
    let members = 1;
    mock.use(
      http.get(api('/api/servers'), () => HttpResponse.json([server('s_1', members)])),
      http.get(api('/api/servers/s_1'), () => HttpResponse.json(server('s_1', members))),
      http.post(api('/api/servers/s_1/members'), () => (members++, HttpResponse.json({ serverId: 's_1', userId: 'u_me', role: 'member' }))),
      http.delete(api('/api/servers/s_1/members/me'), () => (members--, new HttpResponse(null, { status: 204 }))),
    );
    const chat = client();
    const $list = chat.servers.$list();
    const $server = chat.servers.$get('s_1');
    const seen = watch($list);
    watch($server);
    await until($list, isReady);
    await until($server, isReady);

    await chat.servers.join('s_1');
    await until($list, (state) => state.value?.[0]?.memberCount === 2);
    await until($server, (state) => state.value?.memberCount === 2);
    // The refresh kept `ready` with the old count until the new one came: nothing flashed.
    expect(seen.map((state) => state.state)).toEqual(['loading', 'ready', 'ready']);

    await chat.$memberships.leave('s_1');
    await until($server, (state) => state.value?.memberCount === 1);
  });

  it('show a joined server among the memberships as soon as the join succeeds', async () => {
    let joined = false;
    let answerList: () => void = () => {};
    mock.use(
      http.get(api('/api/servers'), async () => {
        if (joined) await new Promise<void>((resolve) => (answerList = resolve));
        return HttpResponse.json(joined ? [server('s_1')] : []);
      }),
      http.post(
        api('/api/servers/s_1/members'),
        () => ((joined = true), HttpResponse.json({ serverId: 's_1', userId: 'u_me', role: 'member' })),
      ),
    );
    const chat = client();
    watch(chat.$memberships);
    expect((await until(chat.$memberships, isReady)).value).toEqual([]);
    await chat.$memberships.join('s_1');
    expect(chat.$memberships.get()).toEqual({ state: 'ready', value: ['s_1'] });
    answerList();
    await until(chat.$memberships, (state) => state.value?.length === 1);
  });

  it('drop a server from the memberships as soon as the user leaves it through the client', async () => {
    mock.use(
      http.get(api('/api/servers'), () => HttpResponse.json([server('s_1'), server('s_2')])),
      http.delete(api('/api/servers/s_1/members/me'), async () => {
        await delay(20);
        return new HttpResponse(null, { status: 204 });
      }),
    );
    const chat = client();
    watch(chat.$memberships);
    await until(chat.$memberships, isReady);
    mock.use(http.get(api('/api/servers'), () => new Promise<never>(() => {})));
    await chat.servers.leave('s_1');
    expect(chat.$memberships.get()).toEqual({ state: 'ready', value: ['s_2'] });
  });

  it('reject a failed join with the ChatApiError, and leave the memberships as they were', async () => {
    mock.use(
      http.get(api('/api/servers'), () => HttpResponse.json([])),
      http.post(api('/api/servers/s_1/members'), () => problem(403, 'forbidden')),
    );
    const chat = client();
    watch(chat.$memberships);
    await until(chat.$memberships, isReady);
    await expect(chat.$memberships.join('s_1')).rejects.toBeInstanceOf(ChatApiError);
    expect(chat.$memberships.get()).toEqual({ state: 'ready', value: [] });
  });

  it('keep the answer of the latest fetch when an older one comes back later', async () => {
    let call = 0;
    mock.use(
      http.get(api('/api/servers/s_1'), async () => {
        const mine = ++call;
        // The first answer is the slow one: it comes after the refresh's.
        if (mine === 1) await delay(150);
        return HttpResponse.json(server('s_1', mine));
      }),
    );
    const $server = client().servers.$get('s_1');
    const seen = watch($server);
    $server.refresh();
    await until($server, isReady);
    await delay(250);
    expect($server.get().value?.memberCount).toBe(2);
    expect(seen.filter(isReady).map((state) => state.value?.memberCount)).toEqual([2]);
  });

  it('let their value go once nobody watches, and fetch again when watched again', async () => {
    let calls = 0;
    mock.use(http.get(api('/api/categories'), () => (calls++, HttpResponse.json([games]))));
    const $categories = client().categories.$list;
    const stop = $categories.subscribe(() => {});
    await until($categories, isReady);
    stop();
    // nanostores unmounts a store a second after its last listener left.
    await delay(1100);
    expect($categories.get()).toEqual({ state: 'loading' });
    watch($categories);
    await until($categories, isReady);
    expect(calls).toBe(2);
  });

  it('refresh when the socket is open again after having been closed', async () => {
    let calls = 0;
    mock.use(http.get(api('/api/servers'), () => (calls++, HttpResponse.json([server('s_1')]))));
    const chat = client({ WebSocket: ReadyingSocket });
    const $servers = chat.servers.$list();
    watch($servers);
    await until($servers, isReady);
    chat.connect();
    await until(chat.$connection, (state) => state === 'open');
    expect(calls).toBe(1);
    chat.close();
    chat.connect();
    await until(chat.$connection, (state) => state === 'open');
    await new Promise<void>((resolve) => {
      const check = () => (calls === 2 ? resolve() : setTimeout(check, 10));
      check();
    });
    await until($servers, isReady);
    expect(calls).toBe(2);
  });
});

/** A socket that opens at once and answers `hello` with `ready`, as the server would. */
class ReadyingSocket extends EventTarget {
  readyState = 0;
  binaryType = 'blob';
  constructor(readonly url: string) {
    super();
    setTimeout(() => {
      this.readyState = 1;
      this.dispatchEvent(new Event('open'));
    });
  }
  send(text: string): void {
    if ((JSON.parse(text) as { type: string }).type !== 'hello') return;
    const ready = { type: 'ready', user: { id: 'u_me', name: 'Me', avatarUrl: null } };
    setTimeout(() => this.dispatchEvent(Object.assign(new Event('message'), { data: JSON.stringify(ready) })));
  }
  close(code = 1000): void {
    this.readyState = 3;
    setTimeout(() => this.dispatchEvent(Object.assign(new Event('close'), { code, reason: '' })));
  }
}

describe('the published types', () => {
  it('export values for the client, the errors and isPending only: no channel class', async () => {
    expect(Object.keys(await import('./index.js')).sort()).toEqual(['ChatApiError', 'ChatSocketError', 'createChatClient', 'isPending']);
  });

  it('give a channel as its stores and verbs, without the methods the client feeds it through', () => {
    const channel = client().channel('c_1');
    // @ts-expect-error `accept` is the client's, not part of ChatChannel (tsc checks this line)
    const accept: unknown = channel.accept;
    // @ts-expect-error `subscribeFrame` is the client's too
    const subscribeFrame: unknown = channel.subscribeFrame;
    expect([typeof accept, typeof subscribeFrame]).toEqual(['function', 'function']);
    expect(Object.keys(channel)).toEqual(expect.arrayContaining(['$messages', '$status', '$present']));
  });
});
