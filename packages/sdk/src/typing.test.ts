// Typing through @hearth/sdk/typing, against the scripted server of scripted-server.test-support.ts.
import { describe, expect, it } from 'vitest';
import { ada, bob, message, openChannel, until, waitFor } from './scripted-server.test-support.js';
import { typingIn } from './typing.js';

const carol = { id: 'u_carol', name: 'Carol', avatarUrl: null };

describe('typing', () => {
  it('shows others typing, never the user, until their message comes; empty once nobody watches', async () => {
    const { channel, socket } = await openChannel([message(1)]);
    const typing = typingIn(channel);
    expect(typingIn(channel)).toBe(typing);
    const stop = typing.$typists.listen(() => {});

    socket.play({ type: 'typing', channelId: 'c_1', user: ada });
    socket.play({ type: 'typing', channelId: 'c_2', user: carol });
    socket.play({ type: 'typing', channelId: 'c_1', user: bob });
    socket.play({ type: 'typing', channelId: 'c_1', user: carol });
    await until(typing.$typists, (users) => users.length === 2);
    expect(typing.$typists.get().map((user) => user.id)).toEqual([bob.id, carol.id]);

    socket.play({ type: 'message', message: message(2, { author: bob }) });
    await until(typing.$typists, (users) => users.length === 1);
    expect(typing.$typists.get()).toEqual([carol]);

    // Unwatched stores let go after nanostores' unmount delay.
    stop();
    await waitFor(() => typing.$typists.get().length === 0);
  });

  it('tells the others at most once per two seconds however often called', async () => {
    const { channel, socket } = await openChannel([message(1)]);
    const { typing } = typingIn(channel);
    typing();
    typing();
    typing();
    expect(socket.sent.filter((frame) => frame.type === 'typing')).toEqual([{ type: 'typing', channelId: 'c_1' }]);
  });
});
