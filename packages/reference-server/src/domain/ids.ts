import { randomFillSync } from 'node:crypto';

/** Prefixes tell a reader what an id names (`s_…` a server, `c_…` a channel, `a_…` an attachment). */
export type IdPrefix = 'ct' | 's' | 'c' | 'm' | 'g' | 'a';

const ID_BYTES = 12;
// Random bytes are drawn for many ids at once: one call into the CSPRNG per 256 ids instead of
// one per message sent (as crypto.randomUUID keeps a cache of its own).
const POOL_IDS = 256;
const pool = Buffer.alloc(ID_BYTES * POOL_IDS);
let offset = pool.length;

/** A new random, URL-safe id with the given prefix. */
export function newId(prefix: IdPrefix): string {
  if (offset === pool.length) {
    randomFillSync(pool);
    offset = 0;
  }
  const id = pool.toString('base64url', offset, offset + ID_BYTES);
  offset += ID_BYTES;
  return `${prefix}_${id}`;
}
