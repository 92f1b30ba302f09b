// Importing the SDK must be free: no socket, no timer, no global listener, so it is safe in SSR and
// in a page that never chats. This file imports the SDK only dynamically, after the spies are in
// place; vitest runs each test file in a fresh worker, so nanostores and the socket are evaluated
// under the spies too.
import { afterEach, describe, expect, it, vi } from 'vitest';

/** A stand-in for the browser's WebSocket that records every construction. */
class FakeWebSocket extends EventTarget {
  static constructed: string[] = [];
  readyState = 0;
  binaryType = 'blob';
  constructor(readonly url: string) {
    super();
    FakeWebSocket.constructed.push(url);
  }
  send(): void {}
  close(): void {
    this.readyState = 3;
  }
}

/** Spies on everything that would make importing or creating a client not free. */
function watchGlobals() {
  FakeWebSocket.constructed = [];
  const addEventListener = vi.fn();
  vi.stubGlobal('addEventListener', addEventListener);
  vi.stubGlobal('WebSocket', FakeWebSocket);
  const processListeners = () => process.eventNames().map((name) => `${String(name)}:${process.listenerCount(name)}`);
  const processBefore = processListeners();
  const spies = {
    setTimeout: vi.spyOn(globalThis, 'setTimeout'),
    setInterval: vi.spyOn(globalThis, 'setInterval'),
    setImmediate: vi.spyOn(globalThis, 'setImmediate'),
    addEventListener,
  };
  return {
    spies,
    /** Everything that happened since `watchGlobals()`, for a readable failure. */
    activity: () => ({
      sockets: [...FakeWebSocket.constructed],
      setTimeout: spies.setTimeout.mock.calls.length,
      setInterval: spies.setInterval.mock.calls.length,
      setImmediate: spies.setImmediate.mock.calls.length,
      addEventListener: addEventListener.mock.calls.map(([type]) => String(type)),
      processListeners: processListeners().filter((entry) => !processBefore.includes(entry)),
    }),
    reset: () => {
      for (const spy of Object.values(spies)) spy.mockClear();
      FakeWebSocket.constructed = [];
    },
  };
}

const nothing = { sockets: [], setTimeout: 0, setInterval: 0, setImmediate: 0, addEventListener: [], processListeners: [] };

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

describe('importing @hearth/sdk', () => {
  it('creates no socket, timer or global listener', async () => {
    vi.resetModules();
    const watch = watchGlobals();

    const sdk = await import('./index.js');

    expect(typeof sdk.createChatClient).toBe('function');
    expect(watch.activity()).toEqual(nothing);
  });

  it('creates none either when @hearth/sdk/protocol is imported', async () => {
    vi.resetModules();
    const watch = watchGlobals();

    const protocol = await import('./protocol/index.js');

    expect(typeof protocol.serverFrame.safeParse).toBe('function');
    expect(watch.activity()).toEqual(nothing);
  });
});

describe('createChatClient', () => {
  it('opens no socket and starts no timer until it is used', async () => {
    const { createChatClient } = await import('./index.js');
    const watch = watchGlobals();

    const chat = createChatClient({ url: 'http://hearth.test', token: 't' });
    const general = chat.channel('c_general');
    chat.on('error', () => {});

    expect(chat.$connection.get()).toBe('closed');
    expect(general.$status.get().state).toBe('idle');
    expect(watch.activity()).toEqual(nothing);
  });

  it('looks up globalThis.WebSocket when it connects, not when it is imported or created', async () => {
    // One WebSocket class is global while the SDK is imported and the client created; another
    // replaces it before connecting, as msw's interceptor does. The later one must be used.
    const early = vi.fn();
    vi.stubGlobal(
      'WebSocket',
      class extends FakeWebSocket {
        constructor(url: string) {
          super(url);
          early(url);
        }
      },
    );
    vi.resetModules();
    const { createChatClient } = await import('./index.js');
    const chat = createChatClient({ url: 'http://hearth.test', token: 't' });
    const watch = watchGlobals();

    chat.connect();
    try {
      await vi.waitFor(() => expect(watch.activity().sockets).toEqual(['ws://hearth.test/ws']));
      expect(chat.$connection.get()).toBe('connecting');
      // The same spies see what connecting does, so the checks above could fail.
      expect(watch.activity().setTimeout).toBeGreaterThan(0);
      expect(watch.activity().addEventListener).toEqual(['online', 'offline']);
      expect(early).not.toHaveBeenCalled();
    } finally {
      chat.close();
    }
    expect(chat.$connection.get()).toBe('closed');
  });
});
