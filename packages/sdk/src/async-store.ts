import { type ReadableAtom, type WritableAtom, atom, onMount } from 'nanostores';

/**
 * Where data fetched from the server stands. A refresh keeps `ready` and its value until the
 * answer comes, so nothing flashes; after an error, the last value (if any) is still there.
 *
 * @example
 * const state = chat.servers.$list().get();
 * if (state.state === 'error') showRetry(state.error);
 * else if (state.state === 'ready') render(state.value);
 */
export type AsyncState<T> =
  | { readonly state: 'loading'; readonly value?: T | undefined }
  | { readonly state: 'ready'; readonly value: T }
  | { readonly state: 'error'; readonly error: Error; readonly value?: T | undefined };

/**
 * A lazy, read-only store of server data: it fetches when first watched, fetches again on
 * `refresh()` and whenever what it shows may have changed (a join or leave through this client,
 * a reconnect), and lets its value go a second after the last watcher leaves.
 *
 * @example
 * const $servers = chat.servers.$list({ member: 'me' });
 * const stop = $servers.subscribe((servers) => render(servers));
 * retryButton.onclick = () => $servers.refresh();
 */
export interface AsyncStore<T> extends ReadableAtom<AsyncState<T>> {
  /** Fetches again: the retry after an error, or a refresh that keeps the value shown meanwhile. Does nothing while unwatched. */
  refresh(): void;
}

/** An {@link AsyncStore} that its maker may also set (the client keeps its stores up to date). */
export type SettableAsyncStore<T> = AsyncStore<T> & WritableAtom<AsyncState<T>>;

/**
 * What an {@link AsyncStore} is made of: how to fetch, and what makes it fetch again.
 *
 * @example
 * const source: AsyncSource<Category[]> = { load: () => chat.categories.list(), watch: (refresh) => chat.on('membership', refresh) };
 */
export interface AsyncSource<T> {
  load(): Promise<T>;
  /** Calls `refresh` whenever the data may have changed; returns the function that stops it. */
  watch(refresh: () => void): () => void;
}

/**
 * Creates an {@link AsyncStore}. The one stale-response guard of the SDK lives here: only the
 * answer of the latest fetch is kept, and none once nobody watches.
 *
 * @example
 * const $categories = asyncStore({ load: () => chat.categories.list(), watch: (refresh) => onReconnect(refresh) });
 */
export function asyncStore<T>(source: AsyncSource<T>): SettableAsyncStore<T> {
  const store = atom<AsyncState<T>>({ state: 'loading' });
  let latest = 0;
  let watched = false;
  const refresh = () => {
    if (!watched) return;
    const turn = ++latest;
    const shown = store.get();
    if (shown.state === 'error') store.set({ state: 'loading', value: shown.value });
    source.load().then(
      (value) => turn === latest && store.set({ state: 'ready', value }),
      // What the client's requests reject with: a ChatApiError, or fetch's own TypeError.
      (error: Error) => turn === latest && store.set({ state: 'error', error, value: store.get().value }),
    );
  };
  onMount(store, () => {
    watched = true;
    refresh();
    const stop = source.watch(refresh);
    return () => {
      watched = false;
      latest++;
      stop();
      store.set({ state: 'loading' });
    };
  });
  return Object.assign(store, { refresh });
}
