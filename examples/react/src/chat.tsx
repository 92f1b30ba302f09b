import type { ChatNotFoundEvent } from '@hearth/elements';
import { type ConnectionState, type GuestToken, createChatClient } from '@hearth/sdk';
import { useStore } from '@nanostores/react';
import { useEffect, useMemo, useState } from 'react';
import { ChannelList } from './channel-list.js';
import { ServerList } from './server-list.js';

const CONNECTION: Record<ConnectionState, string> = {
  connecting: 'Connecting…',
  open: 'Online',
  reconnecting: 'Reconnecting…',
  offline: 'Offline',
  closed: 'Disconnected',
};

/**
 * The chat of one signed-in guest. React renders the servers and channels from the SDK; the
 * conversation is the <chat-messages> element, given the same client through <chat-provider>.
 */
export function Chat({ guest }: { guest: GuestToken }) {
  // Creating a client opens nothing, so it can be made during render. The effect owns the
  // socket: StrictMode's extra mount and unmount in development closes it and opens it again.
  const chat = useMemo(() => createChatClient({ url: location.origin, token: guest.token }), [guest.token]);
  useEffect(() => {
    chat.connect();
    return () => chat.close();
  }, [chat]);

  const user = useStore(chat.$user);
  const connection = useStore(chat.$connection);
  // The same store for the same query: the SDK fetches, refreshes and keeps the latest answer.
  const $servers = chat.servers.$list();
  const servers = useStore($servers);
  const [serverId, setServerId] = useState<string>();
  const [channelId, setChannelId] = useState<string>();
  const server = servers.value?.find((candidate) => candidate.id === serverId);

  function openServer(id: string) {
    setServerId(id);
    setChannelId(undefined);
  }

  function handleNotFound(event: ChatNotFoundEvent) {
    // The element has fallen back to its landing view by itself; follow it, so that the lists
    // do not keep showing a server or channel that is gone.
    if (event.detail.kind === 'server') setServerId(undefined);
    setChannelId(undefined);
  }

  return (
    <div className="chat">
      <header>
        <h1>Hearth with React</h1>
        <span className="who">{user ? `Signed in as ${user.name}` : `Signing in as ${guest.user.name}…`}</span>
        <span className="connection" data-state={connection}>
          {CONNECTION[connection]}
        </span>
      </header>
      <ServerList chat={chat} servers={$servers} selected={serverId} onSelect={openServer} />
      <ChannelList server={server} selected={channelId} onSelect={setChannelId} />
      <main>
        <chat-provider client={chat}>
          {serverId ? (
            <chat-messages server-id={serverId} channel-id={channelId} onchat-not-found={handleNotFound} />
          ) : (
            <p className="hint">Pick a server.</p>
          )}
        </chat-provider>
      </main>
    </div>
  );
}
