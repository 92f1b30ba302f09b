// When the client tries again without waiting out its backoff: the browser comes back online, the
// page becomes visible, or the app calls `reconnect()` (a "Reconnect now" button). The browser's
// window, document and navigator are stood in for (Node has none), the server is a fake socket
// that is down or up, and the timers are fake, so "at once" means "before any timer ran".
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type ChatClient, type Message, createChatClient } from './index.js';

const ada = { id: 'u_ada', name: 'Ada', avatarUrl: null };

/** A socket to a server that is down (each attempt fails with 1006) or up (opens, says `ready`, acks sends). */
class OutageSocket extends EventTarget {
  static up = false;
  /** Whether the server answers pings; a socket left over from a sleep does not. */
  static pongs = true;
  static made: OutageSocket[] = [];
  readyState = 0;
  binaryType = 'blob';
  readonly sent: Array<Record<string, unknown>> = [];
  constructor(readonly url: string) {
    super();
    OutageSocket.made.push(this);
    setTimeout(() => {
      if (!OutageSocket.up) return this.close(1006);
      this.readyState = 1;
      this.dispatchEvent(new Event('open'));
    });
  }
  send(text: string): void {
    // As browsers and ws do: a socket that is not open refuses to send.
    if (this.readyState !== 1) throw new Error('InvalidStateError: still in CONNECTING or CLOSED state');
    const frame = JSON.parse(text) as Record<string, string>;
    this.sent.push(frame);
    if (frame.type === 'hello') this.reply({ type: 'ready', user: ada });
    if (frame.type === 'ping' && OutageSocket.pongs) this.reply({ type: 'pong' });
    if (frame.type === 'send') this.reply({ type: 'ack', clientId: frame.clientId, message: stored(frame) });
  }
  reply(frame: unknown): void {
    setTimeout(() => this.readyState === 1 && this.dispatchEvent(Object.assign(new Event('message'), { data: JSON.stringify(frame) })));
  }
  close(code = 1000): void {
    if (this.readyState === 3) return;
    this.readyState = 3;
    setTimeout(() => this.dispatchEvent(Object.assign(new Event('close'), { code })));
  }
}

/** The message the server stores for a `send` frame. */
const stored = (frame: Record<string, string>): Message => ({
  id: `m_${frame.clientId}`,
  channelId: frame.channelId as string,
  seq: 1,
  author: ada,
  content: frame.content as string,
  clientId: frame.clientId,
  createdAt: '2026-12-01T10:00:00.000Z',
  version: 1,
  editedAt: null,
  deleted: false,
});

/** The browser's window, document and navigator, enough for the client's listeners. */
const browser = {
  window: new EventTarget(),
  document: Object.assign(new EventTarget(), { visibilityState: 'visible' }),
  navigator: { onLine: true },
};

let chat: ChatClient;
const sockets = () => OutageSocket.made.length;
/**
 * Runs the timers due now and those they start in turn (a socket's open, then a frame's delivery),
 * a fake millisecond each (fake timers delay a zero-delay timer set while timers run by 1 ms), not
 * the backoff's, which are 250 ms and more.
 */
async function settle(): Promise<void> {
  for (let round = 0; round < 5; round++) await vi.advanceTimersByTimeAsync(1);
}

/** A client whose server went down a minute ago, so that its next attempt is seconds away. */
async function clientInOutage(): Promise<ChatClient> {
  chat = createChatClient({ url: 'http://hearth.test', token: 't', WebSocket: OutageSocket });
  chat.connect();
  await settle();
  expect(chat.$connection.get()).toBe('open');
  OutageSocket.up = false;
  OutageSocket.made.at(-1)?.close(1006);
  await vi.advanceTimersByTimeAsync(60_000);
  expect(chat.$connection.get()).toBe('reconnecting');
  return chat;
}

beforeEach(() => {
  vi.useFakeTimers();
  OutageSocket.made = [];
  OutageSocket.up = true;
  OutageSocket.pongs = true;
  browser.document.visibilityState = 'visible';
  browser.navigator.onLine = true;
  vi.stubGlobal('addEventListener', browser.window.addEventListener.bind(browser.window));
  vi.stubGlobal('removeEventListener', browser.window.removeEventListener.bind(browser.window));
  vi.stubGlobal('document', browser.document);
  vi.stubGlobal('navigator', browser.navigator);
});
afterEach(() => {
  chat.close();
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

describe('trying again without waiting out the backoff', () => {
  it('waits for the network while offline, and tries at once when the browser is back online', async () => {
    await clientInOutage();
    browser.navigator.onLine = false;
    browser.window.dispatchEvent(new Event('offline'));
    expect(chat.$connection.get()).toBe('offline');
    const before = sockets();
    OutageSocket.up = true;
    browser.navigator.onLine = true;
    browser.window.dispatchEvent(new Event('online'));
    expect(sockets()).toBe(before + 1);
    await settle();
    expect(chat.$connection.get()).toBe('open');
  });

  it('tries at once when the page becomes visible, and not when it is hidden', async () => {
    await clientInOutage();
    OutageSocket.up = true;
    const before = sockets();
    browser.document.visibilityState = 'hidden';
    browser.document.dispatchEvent(new Event('visibilitychange'));
    expect(sockets()).toBe(before);
    browser.document.visibilityState = 'visible';
    browser.document.dispatchEvent(new Event('visibilitychange'));
    expect(sockets()).toBe(before + 1);
    await settle();
    expect(chat.$connection.get()).toBe('open');
  });

  it('reconnect() opens a socket at once, and a send queued during the outage goes out once it is ready', async () => {
    await clientInOutage();
    const sent = chat.channel('c_1').send('typed during the outage');
    OutageSocket.up = true;
    const before = sockets();
    chat.reconnect();
    expect(sockets()).toBe(before + 1);
    await settle();
    await expect(sent).resolves.toMatchObject({ content: 'typed during the outage' });
    const frames = OutageSocket.made.at(-1)?.sent.map((frame) => frame.type);
    expect(frames).toEqual(['hello', 'send']);
    expect(chat.$connection.get()).toBe('open');
  });

  it('reconnect() cancels the retry it overtakes and starts the backoff over', async () => {
    // The longest waits: 0.5 s, 0.75 s, 1.125 s, 1.6875 s, then 2.53 s, after a retry due within 5 s.
    vi.spyOn(Math, 'random').mockReturnValue(0);
    await clientInOutage();
    chat.reconnect();
    const after = sockets();
    await vi.advanceTimersByTimeAsync(4999);
    // Four retries of a fresh backoff; a retry left over from before would make a fifth.
    expect(sockets()).toBe(after + 4);
  });

  it('a hello still waiting for its token when reconnect() replaced its socket is not sent on the next one', async () => {
    let release: (token: string) => void = () => {};
    const pending = new Promise<string>((resolve) => (release = resolve));
    chat = createChatClient({ url: 'http://hearth.test', getToken: () => pending, WebSocket: OutageSocket });
    chat.connect();
    await settle();
    expect(OutageSocket.made[0]?.readyState).toBe(1);
    chat.reconnect();
    release('t');
    await settle();
    expect(chat.$connection.get()).toBe('open');
    const hellos = OutageSocket.made.map((socket) => socket.sent.filter((frame) => frame.type === 'hello').length);
    expect(hellos).toEqual([0, 1]);
  });

  it('reconnect() starts a client that was closed', async () => {
    chat = createChatClient({ url: 'http://hearth.test', token: 't', WebSocket: OutageSocket });
    expect(chat.$connection.get()).toBe('closed');
    chat.reconnect();
    await settle();
    expect(chat.$connection.get()).toBe('open');
  });

  it('a ready socket pings when the page becomes visible, and is replaced when no pong comes', async () => {
    chat = createChatClient({ url: 'http://hearth.test', token: 't', WebSocket: OutageSocket });
    chat.connect();
    await settle();
    const first = OutageSocket.made[0];
    OutageSocket.pongs = false;
    browser.document.dispatchEvent(new Event('visibilitychange'));
    expect(first?.sent.at(-1)).toEqual({ type: 'ping' });
    await vi.advanceTimersByTimeAsync(10_000);
    expect(first?.readyState).toBe(3);
    expect(sockets()).toBe(2);
    await settle();
    expect(chat.$connection.get()).toBe('open');
  });

  it('a ready socket that answers the ping stays', async () => {
    chat = createChatClient({ url: 'http://hearth.test', token: 't', WebSocket: OutageSocket });
    chat.connect();
    await settle();
    browser.window.dispatchEvent(new Event('online'));
    await vi.advanceTimersByTimeAsync(10_000);
    expect(sockets()).toBe(1);
    expect(OutageSocket.made[0]?.sent.map((frame) => frame.type)).toEqual(['hello', 'ping']);
  });

  it('listens to nothing once closed', async () => {
    await clientInOutage();
    chat.close();
    const before = sockets();
    browser.window.dispatchEvent(new Event('online'));
    browser.document.dispatchEvent(new Event('visibilitychange'));
    await vi.advanceTimersByTimeAsync(60_000);
    expect(sockets()).toBe(before);
    expect(chat.$connection.get()).toBe('closed');
  });
});
