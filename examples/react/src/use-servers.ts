import type { ChatClient, Server } from '@hearth/sdk';
import { useEffect, useState } from 'react';

/** The servers a client can see, or why they could not be listed; neither while loading. */
export interface ServersState {
  servers?: Server[];
  error?: Error;
}

/** Lists the servers with `chat.servers.list()`, again whenever the client changes. */
export function useServers(chat: ChatClient): ServersState {
  const [state, setState] = useState<ServersState & { chat?: ChatClient }>({});
  useEffect(() => {
    // An answer for a client this component has since replaced must not overwrite the new one.
    let current = true;
    chat.servers.list().then(
      (servers) => {
        if (current) setState({ chat, servers });
      },
      (error: unknown) => {
        if (current) setState({ chat, error: error instanceof Error ? error : new Error(String(error)) });
      },
    );
    return () => {
      current = false;
    };
  }, [chat]);
  return state.chat === chat ? state : {};
}
