/** Callbacks by event name. */
export type Listeners<E> = { [K in keyof E]: (...args: never[]) => void };

/** A typed event emitter in the style of nanoevents: `on` returns the function that unbinds. */
export interface Emitter<E extends Listeners<E>> {
  on<K extends keyof E>(this: void, event: K, listener: E[K]): () => void;
  emit<K extends keyof E>(event: K, ...args: Parameters<E[K]>): void;
}

/**
 * Creates an {@link Emitter}. A listener that throws does not stop the others: its error is
 * rethrown on a fresh task, where the host's error reporting sees it.
 */
export function createEmitter<E extends Listeners<E>>(): Emitter<E> {
  const all = new Map<keyof E, Set<E[keyof E]>>();
  return {
    on(event, listener) {
      let set = all.get(event);
      if (!set) all.set(event, (set = new Set()));
      set.add(listener);
      return () => set.delete(listener);
    },
    emit(event, ...args) {
      for (const listener of all.get(event) ?? []) {
        try {
          (listener as (...values: Parameters<E[typeof event]>) => void)(...args);
        } catch (error) {
          setTimeout(() => {
            throw error;
          });
        }
      }
    },
  };
}
