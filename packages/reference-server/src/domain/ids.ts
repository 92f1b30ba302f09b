import { randomBytes } from 'node:crypto';

/** Prefixes tell a reader what an id names (`s_…` a server, `c_…` a channel, `a_…` an attachment). */
export type IdPrefix = 'ct' | 's' | 'c' | 'm' | 'g' | 'a';

/** A new random, URL-safe id with the given prefix. */
export function newId(prefix: IdPrefix): string {
  return `${prefix}_${randomBytes(12).toString('base64url')}`;
}
