import type { ChatClient, Server } from '@hearth/sdk';
import type { ServersState } from './use-servers.js';

/** The servers to choose from, as React renders them from the SDK's REST call. */
export function ServerList({
  chat,
  state,
  selected,
  onSelect,
}: {
  chat: ChatClient;
  state: ServersState;
  selected: string | undefined;
  onSelect: (serverId: string) => void;
}) {
  return (
    <nav className="servers" aria-label="Servers">
      {state.error && <p role="alert">Could not list the servers: {state.error.message}</p>}
      {!state.servers && !state.error && <p>Loading…</p>}
      <ul>
        {state.servers?.map((server) => (
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
  return <span className="initial" aria-hidden="true">{server.name.slice(0, 1)}</span>;
}
