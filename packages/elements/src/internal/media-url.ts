import type { ChatClient } from '@hearth/sdk';

/**
 * An icon, banner or avatar path from the API (`/media/…`, or an avatar's address on the host
 * site) made absolute against the client's server; only `http:` and `https:` addresses, so a
 * stored `javascript:` or `data:` one never reaches an `<img>`.
 */
export function mediaUrl(chat: ChatClient | undefined, path: string | null | undefined): string | undefined {
  if (!path) return undefined;
  try {
    const url = new URL(path, chat?.url ?? globalThis.location?.href);
    return /^https?:$/.test(url.protocol) ? url.href : undefined;
  } catch {
    return undefined;
  }
}
