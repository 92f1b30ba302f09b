// Run with Node in the temporary install, against a running hearth-server: the SDK's REST side
// works as it is; its socket needs a WebSocket class on Node below 22, and says so itself.
import { createChatClient } from '@hearth/sdk';
import { signInAsGuest } from '@hearth/sdk/guest';
import { WebSocket } from 'ws';

const url = process.argv[2];
const guest = await signInAsGuest({ url, name: 'Packer' });
const servers = await createChatClient({ url, token: guest.token }).servers.list();

/** Connects a client and resolves with what happens first: `open`, or the error that ended it. */
function connect(options) {
  const chat = createChatClient({ url, token: guest.token, ...options });
  return new Promise((resolve) => {
    chat.on('error', (error) => resolve({ error: { name: error.name, code: error.code, message: error.message } }));
    chat.$connection.listen((state) => state === 'open' && resolve({ state }));
    chat.connect();
  }).finally(() => chat.close());
}

const hasGlobal = typeof globalThis.WebSocket === 'function';
const without = hasGlobal ? undefined : await connect({});
const withWs = await connect({ WebSocket });
console.log(JSON.stringify({ servers: servers.length, hasGlobal, without, withWs }));
