import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createEmitter } from './emitter.js';

interface Events {
  message: (text: string, seq: number) => void;
  error: (error: Error) => void;
}

describe('createEmitter', () => {
  /** What the emitter scheduled with setTimeout: the asynchronous rethrows. */
  let scheduled: Array<() => void>;

  beforeEach(() => {
    scheduled = [];
    // The rethrow is captured instead of run, so the test sees the error without an uncaught
    // exception failing the run.
    vi.spyOn(globalThis, 'setTimeout').mockImplementation(((callback: () => void) => {
      scheduled.push(callback);
      return 0;
    }) as unknown as typeof setTimeout);
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('calls every listener of the event, in order, with the arguments', () => {
    const events = createEmitter<Events>();
    const calls: string[] = [];
    events.on('message', (text, seq) => calls.push(`a:${text}:${seq}`));
    events.on('message', (text, seq) => calls.push(`b:${text}:${seq}`));
    events.on('error', () => calls.push('error'));

    events.emit('message', 'hi', 3);

    expect(calls).toEqual(['a:hi:3', 'b:hi:3']);
  });

  it('does nothing for an event nobody listens to', () => {
    expect(() => createEmitter<Events>().emit('error', new Error('x'))).not.toThrow();
  });

  it('keeps calling the other listeners when one throws, and rethrows its error on a fresh task', () => {
    const events = createEmitter<Events>();
    const failure = new Error('listener bug');
    const before = vi.fn();
    const after = vi.fn();
    events.on('message', before);
    events.on('message', () => {
      throw failure;
    });
    events.on('message', after);

    expect(() => events.emit('message', 'hi', 1)).not.toThrow();

    expect(before).toHaveBeenCalledOnce();
    expect(after).toHaveBeenCalledOnce();
    expect(scheduled).toHaveLength(1);
    expect(() => scheduled[0]!()).toThrow(failure);
  });

  it('rethrows each failure separately', () => {
    const events = createEmitter<Events>();
    const first = new Error('first');
    const second = new Error('second');
    events.on('error', () => {
      throw first;
    });
    events.on('error', () => {
      throw second;
    });

    events.emit('error', new Error('reported'));

    expect(scheduled).toHaveLength(2);
    expect(() => scheduled[0]!()).toThrow(first);
    expect(() => scheduled[1]!()).toThrow(second);
  });

  it('returns from on a function that unbinds that listener only', () => {
    const events = createEmitter<Events>();
    const kept = vi.fn();
    const dropped = vi.fn();
    events.on('message', kept);
    const off = events.on('message', dropped);

    off();
    off();
    events.emit('message', 'hi', 1);

    expect(dropped).not.toHaveBeenCalled();
    expect(kept).toHaveBeenCalledOnce();
  });

  it('lets a listener unbind itself during an emit without skipping the next one', () => {
    const events = createEmitter<Events>();
    const next = vi.fn();
    const once = vi.fn(() => off());
    const off = events.on('message', once);
    events.on('message', next);

    events.emit('message', 'a', 1);
    events.emit('message', 'b', 2);

    expect(once).toHaveBeenCalledOnce();
    expect(next).toHaveBeenCalledTimes(2);
  });

  it('can bind again after unbinding', () => {
    const events = createEmitter<Events>();
    const listener = vi.fn();
    events.on('message', listener)();
    events.on('message', listener);

    events.emit('message', 'hi', 1);

    expect(listener).toHaveBeenCalledOnce();
  });
});

describe('createEmitter with real timers', () => {
  it('reports a listener error as an uncaught exception, not as a rejection of emit', async () => {
    const events = createEmitter<Events>();
    const failure = new Error('listener bug');
    const other = vi.fn();
    events.on('message', () => {
      throw failure;
    });
    events.on('message', other);
    // vitest fails a run on any uncaught exception; take it over for one task, then give it back.
    const listeners = process.listeners('uncaughtException');
    process.removeAllListeners('uncaughtException');
    let timer: ReturnType<typeof setTimeout> | undefined;
    const caught = new Promise<unknown>((resolve, reject) => {
      process.once('uncaughtException', resolve);
      timer = setTimeout(() => reject(new Error('no uncaught exception within 1 s')), 1000);
    });
    try {
      events.emit('message', 'hi', 1);
      expect(other).toHaveBeenCalledOnce();
      expect(await caught).toBe(failure);
    } finally {
      clearTimeout(timer);
      process.removeAllListeners('uncaughtException');
      for (const listener of listeners) process.on('uncaughtException', listener);
    }
  });
});
