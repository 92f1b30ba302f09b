import type { Server } from '@hearth/sdk';

/** A server's channels (they come with the server in `chat.servers.$list()`). */
export function ChannelList({
  server,
  selected,
  onSelect,
}: {
  server: Server | undefined;
  selected: string | undefined;
  onSelect: (channelId: string) => void;
}) {
  return (
    <nav className="channels" aria-label="Channels">
      {server && <h2>{server.name}</h2>}
      <ul>
        {server?.channels.map((channel) => (
          <li key={channel.id}>
            <button aria-current={channel.id === selected} onClick={() => onSelect(channel.id)}>
              # {channel.name}
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}
