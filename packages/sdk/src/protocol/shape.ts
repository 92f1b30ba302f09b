/**
 * A tiny description of a JSON value, for checking what the server sends without shipping a
 * schema library in the client core: `'s'` string, `'n'` number, `'b'` boolean, `'i'` an integer
 * ≥ 0, `'s?'` string or null, `'?'` anything; `[shape]` an array of it; an object, its properties
 * (extra properties are allowed; a property whose shape ends in `?` may be missing).
 */
export type Shape = 's' | 'n' | 'b' | 'i' | 's?' | '?' | readonly [Shape] | { readonly [key: string]: Shape };

/**
 * Where `value` departs from `shape` (a path like `messages.3.seq`), or `undefined` when it fits.
 *
 * @example
 * mismatch({ seq: '1' }, { seq: 'i' }); // 'seq'
 */
export function mismatch(value: unknown, shape: Shape, path = ''): string | undefined {
  const here = path || '(root)';
  if (typeof shape === 'string') {
    const ok =
      shape === '?' ||
      (shape === 's?' ? value === null || value === undefined || typeof value === 'string' : false) ||
      (shape === 's' && typeof value === 'string') ||
      (shape === 'n' && typeof value === 'number') ||
      (shape === 'b' && typeof value === 'boolean') ||
      (shape === 'i' && Number.isInteger(value) && (value as number) >= 0);
    return ok ? undefined : here;
  }
  if (Array.isArray(shape)) {
    if (!Array.isArray(value)) return here;
    for (let index = 0; index < value.length; index++) {
      const found = mismatch(value[index], (shape as readonly [Shape])[0], path ? `${path}.${index}` : String(index));
      if (found) return found;
    }
    return undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return here;
  for (const key of Object.keys(shape)) {
    const found = mismatch(
      (value as Record<string, unknown>)[key],
      (shape as Record<string, Shape>)[key] as Shape,
      path ? `${path}.${key}` : key,
    );
    if (found) return found;
  }
  return undefined;
}
