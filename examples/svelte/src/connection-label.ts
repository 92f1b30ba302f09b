import type { ConnectionState } from '@hearth/sdk';

/** What the header says for each state of the client's socket. */
export const CONNECTION_LABEL: Record<ConnectionState, string> = {
  connecting: 'Connecting…',
  open: 'Online',
  reconnecting: 'Reconnecting…',
  offline: 'Offline',
  closed: 'Disconnected',
};
