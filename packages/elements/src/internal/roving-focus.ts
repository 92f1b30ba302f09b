/**
 * Keyboard handling of a listbox with roving focus, bound to the listbox's `keydown`: arrows, Home
 * and End move the keyboard focus between items (identified by `data-id`) after telling the
 * element which item is now the list's tab stop; Enter and Space choose the focused one.
 */
export function handleListboxKey(
  event: KeyboardEvent,
  ids: readonly string[],
  actions: { focus(id: string): void; choose(id: string): void },
): void {
  const item = (event.composedPath()[0] as HTMLElement | undefined)?.closest?.('[data-id]') as HTMLElement | null;
  const current = ids.indexOf(item?.dataset.id ?? '');
  const targets: Record<string, number> = { ArrowDown: current + 1, ArrowUp: current - 1, Home: 0, End: ids.length - 1 };
  if (event.key in targets) {
    event.preventDefault();
    const next = ids[Math.max(0, Math.min(ids.length - 1, targets[event.key] as number))];
    if (next === undefined) return;
    actions.focus(next);
    (event.currentTarget as HTMLElement).querySelector<HTMLElement>(`[data-id="${CSS.escape(next)}"]`)?.focus();
  } else if ((event.key === 'Enter' || event.key === ' ') && current >= 0) {
    event.preventDefault();
    actions.choose(ids[current] as string);
  }
}
