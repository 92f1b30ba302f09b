import type { ChannelPatch, ServerPatch } from './types.js';

/** The column of each field of a {@link ServerPatch}. */
export const SERVER_PATCH_COLUMNS = {
  name: 'name',
  description: 'description',
  categoryId: 'category_id',
  visibility: 'visibility',
} as const satisfies Record<keyof ServerPatch, string>;

/** The column of each field of a {@link ChannelPatch}. */
export const CHANNEL_PATCH_COLUMNS = {
  name: 'name',
  topic: 'topic',
  slowModeSeconds: 'slow_mode_seconds',
} as const satisfies Record<keyof ChannelPatch, string>;

/**
 * The `SET` clause of an UPDATE for the fields of `patch` that are given (those left undefined
 * stay), with `placeholder(index)` for the index-th value, and the values in that order. An empty
 * `set` means nothing to change.
 *
 * @example
 * patchAssignments({ name: 'news' }, CHANNEL_PATCH_COLUMNS, () => '?') // { set: 'name = ?', values: ['news'] }
 */
export function patchAssignments<P extends object>(
  patch: P,
  columns: { readonly [K in keyof P]-?: string },
  placeholder: (index: number) => string,
): { set: string; values: Array<string | number> } {
  const given = (Object.keys(columns) as Array<keyof P>).filter((key) => patch[key] !== undefined);
  return {
    set: given.map((key, index) => `${columns[key]} = ${placeholder(index)}`).join(', '),
    values: given.map((key) => patch[key] as string | number),
  };
}
