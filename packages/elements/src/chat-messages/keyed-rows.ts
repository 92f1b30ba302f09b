import { type ChildPart, noChange } from 'lit';
import { Directive, directive } from 'lit/directive.js';
import { getCommittedValue, insertPart, removePart, setChildPartValue, setCommittedValue } from 'lit/directive-helpers.js';

/**
 * Lit's `repeat` for the message list, in less code: each row keeps its DOM (and the focus and
 * state in it) for as long as its key is in the list. Rows that left go first, so rows coming or
 * going at either end, as the list scrolls or grows, move no other row.
 */
class KeyedRows extends Directive {
  private keys: string[] = [];

  render<T>(items: readonly T[], _key: (item: T) => string, template: (item: T) => unknown): unknown[] {
    return items.map(template);
  }

  override update(container: ChildPart, [items, keyOf, template]: Parameters<KeyedRows['render']>): unknown {
    const keys = items.map(keyOf);
    const old = getCommittedValue(container);
    const previousKeys = this.keys;
    this.keys = keys;
    // The first render: Lit renders the array, a part per row, and keeps the parts.
    if (!Array.isArray(old)) return this.render(items, keyOf, template);
    const wanted = new Set(keys);
    const byKey = new Map<string, ChildPart>();
    const staying: ChildPart[] = [];
    (old as ChildPart[]).forEach((part, index) => {
      const key = previousKeys[index] as string;
      if (!wanted.has(key) || byKey.has(key)) return removePart(part);
      byKey.set(key, part);
      staying.push(part);
    });
    const placed = new Set<ChildPart>();
    let next = 0;
    const parts = items.map((item, index) => {
      while (placed.has(staying[next] as ChildPart)) next++;
      const expected = staying[next];
      let part = byKey.get(keys[index] as string);
      if (part && placed.has(part)) part = undefined;
      if (!part) part = insertPart(container, expected);
      else if (part === expected) next++;
      else insertPart(container, expected, part);
      placed.add(part);
      setChildPartValue(part, template(item));
      return part;
    });
    setCommittedValue(container, parts);
    return noChange;
  }
}

/** Renders `items` with `template`, a row's DOM kept by its `key` (see {@link KeyedRows}). */
export const keyedRows = directive(KeyedRows) as <T>(
  items: readonly T[],
  key: (item: T) => string,
  template: (item: T) => unknown,
) => unknown;
