/** Undoes a {@link SocketCaps} claim once its socket is closed; calling it again does nothing. */
export type Release = () => void;

/**
 * How many sockets each user and each client address have open on this process, against their
 * caps. A claim past a cap is refused; every granted claim is released when its socket closes.
 */
export class SocketCaps {
  private readonly byUser = new Map<string, number>();
  private readonly byAddress = new Map<string, number>();

  constructor(
    private readonly perUser: number,
    private readonly perAddress: number,
  ) {}

  /** Counts a socket from `address`; undefined when that address already has its cap. */
  claimAddress(address: string): Release | undefined {
    return claim(this.byAddress, address, this.perAddress);
  }

  /** Counts an authenticated socket of `userId`; undefined when that user already has its cap. */
  claimUser(userId: string): Release | undefined {
    return claim(this.byUser, userId, this.perUser);
  }
}

function claim(counts: Map<string, number>, key: string, cap: number): Release | undefined {
  const open = counts.get(key) ?? 0;
  if (open >= cap) return undefined;
  counts.set(key, open + 1);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    const left = (counts.get(key) ?? 1) - 1;
    if (left <= 0) counts.delete(key);
    else counts.set(key, left);
  };
}
