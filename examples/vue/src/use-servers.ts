import type { ChatClient, Server } from '@hearth/sdk';
import { type ShallowRef, shallowRef } from 'vue';

/** The servers a client can see, or why they could not be listed; neither while loading. */
export interface ServersState {
  servers: ShallowRef<Server[] | undefined>;
  error: ShallowRef<Error | undefined>;
}

/** Lists the servers with `chat.servers.list()`. */
export function useServers(chat: ChatClient): ServersState {
  const servers = shallowRef<Server[]>();
  const error = shallowRef<Error>();
  chat.servers.list().then(
    (list) => (servers.value = list),
    (reason: unknown) => (error.value = reason instanceof Error ? reason : new Error(String(reason))),
  );
  return { servers, error };
}
