/**
 * Keyboard handling of a listbox with roving focus: arrows, Home and End move focus between
 * items (identified by `data-id`), Enter and Space choose the focused one.
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
    if (next !== undefined) actions.focus(next);
  } else if ((event.key === 'Enter' || event.key === ' ') && current >= 0) {
    event.preventDefault();
    actions.choose(ids[current] as string);
  }
}
