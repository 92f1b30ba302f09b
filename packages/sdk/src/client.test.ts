import { describe, expect, it } from 'vitest';
import { type ChatClientOptions, createChatClient } from './index.js';

/** What `make` throws; fails the test if it returns. */
function thrownBy(make: () => unknown): unknown {
  try {
    make();
  } catch (error) {
    return error;
  }
  return expect.fail('expected a throw');
}

describe('createChatClient options', () => {
  const url = 'http://hearth.test';

  it('throws a TypeError at once when given both token and getToken', () => {
    const error = thrownBy(() => createChatClient({ url, token: 't', getToken: () => 't' }));

    expect(error).toBeInstanceOf(TypeError);
    expect((error as TypeError).message).toBe('createChatClient: pass token or getToken, not both');
  });

  it('throws a TypeError at once when given neither token nor getToken', () => {
    const error = thrownBy(() => createChatClient({ url }));

    expect(error).toBeInstanceOf(TypeError);
    expect((error as TypeError).message).toBe('createChatClient: pass token or getToken');
  });

  it('throws a TypeError without a url', () => {
    expect(thrownBy(() => createChatClient({ token: 't' } as unknown as ChatClientOptions))).toBeInstanceOf(TypeError);
    expect(thrownBy(() => createChatClient(undefined as unknown as ChatClientOptions))).toBeInstanceOf(TypeError);
  });

  it('accepts a token, or a getToken, alone', () => {
    expect(createChatClient({ url, token: 't' }).url).toBe(url);
    expect(createChatClient({ url: `${url}/`, getToken: async () => 't' }).url).toBe(url);
  });
});
