/** Decides which browser origins may use the API and open the socket. */
export interface OriginPolicy {
  /** Whether a request from `origin`, addressed to `host`, is allowed. */
  allows(origin: string | undefined, host: string | undefined): boolean;
}

/**
 * The allow-list policy: the server's own origin is always allowed, `*` allows any, and a request
 * with no `Origin` header (a server-side client, not a browser) is allowed: cross-site socket
 * hijacking needs a browser, and a browser always sends `Origin`.
 */
export function createOriginPolicy(allowed: readonly string[]): OriginPolicy {
  const any = allowed.includes('*');
  const list = new Set(allowed.map((origin) => origin.replace(/\/$/, '').toLowerCase()));
  return {
    allows(origin, host) {
      if (origin === undefined) return true;
      if (any) return true;
      const normalized = origin.toLowerCase();
      if (list.has(normalized)) return true;
      try {
        return host !== undefined && new URL(normalized).host === host.toLowerCase();
      } catch {
        return false;
      }
    },
  };
}
