import type { AsyncStore, ChatClient, Server } from '@hearth/sdk';
import { useStore } from '@nanostores/react';

/** The servers to choose from, as React renders them from the SDK's `chat.servers.$list()` store. */
export function ServerList({
  chat,
  servers,
  selected,
  onSelect,
}: {
  chat: ChatClient;
  servers: AsyncStore<Server[]>;
  selected: string | undefined;
  onSelect: (serverId: string) => void;
}) {
  const state = useStore(servers);
  return (
    <nav className="servers" aria-label="Servers">
      {state.state === 'error' && (
        <p role="alert">
          Could not list the servers: {state.error.message} <button onClick={() => servers.refresh()}>Retry</button>
        </p>
      )}
      {state.state === 'loading' && !state.value && <p>Loading…</p>}
      <ul>
        {state.value?.map((server) => (
          <li key={server.id}>
            <button aria-current={server.id === selected} onClick={() => onSelect(server.id)}>
              <ServerIcon chat={chat} server={server} />
              {server.name}
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}

function ServerIcon({ chat, server }: { chat: ChatClient; server: Server }) {
  // Icon paths (`/media/…`) are relative to the Hearth server, which need not be this page's origin.
  if (server.iconUrl) return <img src={new URL(server.iconUrl, chat.url).href} alt="" width={24} height={24} />;
  return (
    <span className="initial" aria-hidden="true">
      {server.name.slice(0, 1)}
    </span>
  );
}
