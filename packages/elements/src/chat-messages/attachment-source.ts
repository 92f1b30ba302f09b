import type { ChatClient } from '@hearth/sdk';
import type { ChatStrings } from '../internal/strings.js';

/** What the composer's files need to know of the element. */
export interface AttachmentSource {
  /** The client, to upload with. */
  chat: ChatClient | undefined;
  /** The channel the files are for: each channel has a tray of its own. */
  channelId: string | undefined;
  /** The channel's name, for the drop zone. */
  channelName: string;
  /** Whether the user may post there now (a member, not timed out): files are refused otherwise. */
  canAttach: boolean;
  /** The element's strings. */
  t(key: keyof ChatStrings): string;
}
