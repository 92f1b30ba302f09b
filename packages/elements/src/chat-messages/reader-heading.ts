const UP_KEYS = new Set(['PageUp', 'ArrowUp', 'Home']);
const DOWN_KEYS = new Set(['PageDown', 'ArrowDown', 'End', ' ']);

/**
 * Which way a reader's input scrolls a list: a wheel or a key says; a scrollbar drag or a touch
 * does not (its scroll events tell where it went).
 */
export function headingOf(event: Event): 'up' | 'down' | undefined {
  if (event instanceof WheelEvent && event.deltaY !== 0) return event.deltaY < 0 ? 'up' : 'down';
  if (event instanceof KeyboardEvent) {
    if (UP_KEYS.has(event.key) || (event.key === ' ' && event.shiftKey)) return 'up';
    if (DOWN_KEYS.has(event.key)) return 'down';
  }
  return undefined;
}
