import type { Category, ChatClient, Member, Role, Server } from '@hearth/sdk';
import type { manageServer } from '@hearth/sdk/community';
import type { ChatStrings } from '../internal/strings.js';

/** What a tab of the server settings reads and calls. */
export interface SettingsView {
  chat: ChatClient;
  server: Server;
  /** The signed-in user's role in the server. */
  role: Role | undefined;
  /** Every category (the Overview tab). */
  categories: readonly Category[] | undefined;
  /** The server's members, live (the Members tab). */
  members: readonly Member[] | undefined;
  admin: ReturnType<typeof manageServer>;
  t(key: keyof ChatStrings): string;
  /** Runs an action, saying its failure in the dialog; resolves with whether it succeeded. */
  attempt(action: () => Promise<unknown>): Promise<boolean>;
  /** Renders the dialog again (after a tab's own state changed). */
  requestUpdate(): void;
  /** Focuses what `selector` finds once `ready` holds of the server's state (its new state has arrived). */
  focusWhen(selector: string, ready: (server: Server) => boolean): void;
  /** The page address invite links start from. */
  inviteBase: string | undefined;
}

/** A duration in seconds as words: `10 minutes`, `1 hour`, `1 week`. */
export function formatDuration(seconds: number, locale?: string): string {
  const units: Array<[Intl.RelativeTimeFormatUnit, number]> = [
    ['week', 604800],
    ['day', 86400],
    ['hour', 3600],
    ['minute', 60],
    ['second', 1],
  ];
  const [unit, size] = units.find(([, length]) => seconds >= length && seconds % length === 0) ?? ['second', 1];
  return new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: 'long' }).format(seconds / size);
}
