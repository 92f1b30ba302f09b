// A Node app of a user of @hearth/sdk and @hearth/reference-server, type-checked with `tsc --strict`
// against the packed packages (no skipLibCheck): their declarations must stand on their own.
import { ChatApiError, type ChatMessage, type Server, createChatClient } from '@hearth/sdk';
import { signInAsGuest } from '@hearth/sdk/guest';
import { type Config, type ServerHandle, loadConfig, startServer } from '@hearth/reference-server';

const config: Config = loadConfig({ HEARTH_GUEST: '1', PORT: '0' });
const server: ServerHandle = await startServer(config);

const guest = await signInAsGuest({ url: server.url, name: 'Packer' });
const chat = createChatClient({ url: server.url, token: guest.token });
const servers: Server[] = await chat.servers.list();
const general = chat.channel(servers[0]?.channels[0]?.id ?? 'c_general');
const stop = general.$messages.subscribe((rows: readonly ChatMessage[]) => console.log(rows.length));
try {
  await general.send('hello');
} catch (error) {
  if (error instanceof ChatApiError) console.log(error.status, error.problem.detail);
}
stop();
chat.close();
await server.close();

// @ts-expect-error a token is a string, so the SDK's types are real types, not `any`
createChatClient({ url: server.url, token: 42 });
