import type { ChatEmojiSelectEvent } from '../events.js';
import '../internal/emoji-picker.js';
import type { ChatStrings } from '../internal/strings.js';

/** What the picker follows of the element that opens it. */
export interface PickerOptions {
  /** The element's strings (the picker's search box and categories). */
  strings: Partial<ChatStrings>;
  /** The element's `theme`, if set. */
  theme: 'light' | 'dark' | undefined;
}

/**
 * Opens an emoji picker in a popover (the top layer, so no scrolling list clips it) beside
 * `opener`: below it when there is room, else above, its right edge on the opener's. A pick calls
 * `pick` and closes it; so do Escape and a click outside, without a pick. Closing puts the focus
 * back on the opener, unless the user put it elsewhere. Loaded with the picker on first use, so
 * that a page fetches neither until someone reacts.
 *
 * @param root the shadow root the popover goes in (it inherits the element's custom properties).
 */
export function openReactionPicker(root: ShadowRoot, opener: HTMLElement, options: PickerOptions, pick: (emoji: string) => void): void {
  const popover = document.createElement('div');
  popover.popover = 'auto';
  popover.setAttribute('part', 'reaction-picker');
  popover.style.cssText = 'inset:auto;margin:0;padding:0;border:0;background:none;overflow:visible';
  const picker = document.createElement('chat-emoji-picker');
  picker.strings = options.strings;
  if (options.theme) picker.theme = options.theme;
  popover.append(picker);
  popover.addEventListener('chat-emoji-select', (event: ChatEmojiSelectEvent) => {
    popover.hidePopover();
    pick(event.detail.emoji);
  });
  popover.addEventListener('chat-emoji-close', () => popover.hidePopover());
  popover.addEventListener('toggle', (event) => {
    if (event.newState !== 'closed') return;
    const active = root.activeElement;
    popover.remove();
    if (!active || popover.contains(active)) opener.focus();
  });
  root.append(popover);
  popover.showPopover();
  const box = opener.getBoundingClientRect();
  const { width, height } = popover.getBoundingClientRect();
  const below = box.bottom + 4 + height <= innerHeight;
  popover.style.left = `${Math.max(8, Math.min(box.right - width, innerWidth - width - 8))}px`;
  popover.style.top = `${below ? box.bottom + 4 : Math.max(8, box.top - height - 4)}px`;
  // Its search box exists once it has rendered.
  void picker.updateComplete.then(() => picker.focus());
}
