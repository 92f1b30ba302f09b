import { css } from 'lit';

/**
 * The palette of avatars without a picture (`--chat-avatar-1` to `--chat-avatar-8`, slot picked by
 * `avatarColor`): dark tones under white initials in light mode, light ones under dark initials in
 * dark mode.
 */
export const avatarPaletteStyles = css`
  :host {
    --_avatar-fg: var(--chat-avatar-fg, light-dark(#ffffff, #1e1f22));
    --_avatar-1: var(--chat-avatar-1, light-dark(#c62828, #ff8a80));
    --_avatar-2: var(--chat-avatar-2, light-dark(#ad1457, #f48fb1));
    --_avatar-3: var(--chat-avatar-3, light-dark(#7b1fa2, #ce93d8));
    --_avatar-4: var(--chat-avatar-4, light-dark(#3949ab, #9fa8da));
    --_avatar-5: var(--chat-avatar-5, light-dark(#1565c0, #90caf9));
    --_avatar-6: var(--chat-avatar-6, light-dark(#00796b, #80cbc4));
    --_avatar-7: var(--chat-avatar-7, light-dark(#2e7d32, #a5d6a7));
    --_avatar-8: var(--chat-avatar-8, light-dark(#b24a00, #ffcc80));
  }
`;
