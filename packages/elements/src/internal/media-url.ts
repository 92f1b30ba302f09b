import type { ChatClient } from '@hearth/sdk';

/** An icon or banner path from the API (`/media/…`) made absolute against the client's server. */
export function mediaUrl(chat: ChatClient | undefined, path: string | null | undefined): string | undefined {
  if (!path) return undefined;
  try {
    return new URL(path, chat?.url ?? globalThis.location?.href).href;
  } catch {
    return undefined;
  }
}
