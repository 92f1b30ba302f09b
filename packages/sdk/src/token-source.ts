/** Where the client gets its token: a fixed one, or a function it may call again for a fresh one. */
export interface TokenSource {
  /** The current token, fetching one when there is none. */
  get(): Promise<string>;
  /** Forgets the current token so the next `get` fetches a fresh one (only with `getToken`). */
  invalidate(): void;
  /** Whether a fresh token can be had (`getToken` was given). */
  readonly refreshable: boolean;
}

/** Makes the {@link TokenSource} of a client's options; a failed fetch is not remembered. */
export function createTokenSource(token: string | undefined, getToken: (() => string | Promise<string>) | undefined): TokenSource {
  let current: Promise<string> | undefined;
  const fetchToken = (): Promise<string> => {
    const pending = Promise.resolve()
      .then(() => (getToken ? getToken() : (token as string)))
      .catch((error: unknown) => {
        if (current === pending) current = undefined;
        throw error;
      });
    return pending;
  };
  return {
    get: () => (current ??= fetchToken()),
    invalidate() {
      if (getToken) current = undefined;
    },
    refreshable: getToken !== undefined,
  };
}
