/** Where the client gets its token: a fixed one, or a function it may call again for a fresh one. */
export interface TokenSource {
  /** The current token, fetching one when there is none. */
  get(): Promise<string>;
  /**
   * Forgets `refused` so the next `get` fetches a fresh token (only with `getToken`). A token
   * fetched since by a concurrent caller is kept.
   */
  invalidate(refused?: string): void;
  /** Whether a fresh token can be had (`getToken` was given). */
  readonly refreshable: boolean;
}

/** Makes the {@link TokenSource} of a client's options; a failed fetch is not remembered. */
export function createTokenSource(token: string | undefined, getToken: (() => string | Promise<string>) | undefined): TokenSource {
  let current: Promise<string> | undefined;
  let latest: string | undefined;
  const fetchToken = (): Promise<string> => {
    const pending = Promise.resolve()
      .then(() => (getToken ? getToken() : (token as string)))
      .then((value) => (latest = value))
      .catch((error: unknown) => {
        if (current === pending) current = undefined;
        throw error;
      });
    return pending;
  };
  return {
    get: () => (current ??= fetchToken()),
    invalidate(refused) {
      if (getToken && (refused === undefined || refused === latest)) {
        current = undefined;
        latest = undefined;
      }
    },
    refreshable: getToken !== undefined,
  };
}
