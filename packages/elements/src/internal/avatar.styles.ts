import { css } from 'lit';

/**
 * The avatar palette alone, for views that tint with it without drawing avatars (Explore's banner
 * bands).
 */
export const avatarPaletteStyles = css`
  :host {
    --_avatar-fg: var(--chat-avatar-fg, light-dark(#fff, #1e1f22));
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

/**
 * Avatars as {@link renderAvatar} draws them, and the tag beside a shared name (user-tag.ts). The
 * palette (`--chat-avatar-1` to `--chat-avatar-8`, the slot picked by `avatarColor`) is dark tones
 * under white initials in light mode and light ones under dark initials in dark mode, each pair at
 * least 4.5:1 (avatar.test.ts measures them). A picture covers the initials; while it loads the
 * box shows the rail's neutral tone, at its final size.
 */
export const avatarStyles = css`
  ${avatarPaletteStyles}
  .avatar {
    position: relative;
    flex: none;
    display: grid;
    place-items: center;
    width: var(--_size);
    height: var(--_size);
    overflow: hidden;
    border-radius: 50%;
    background: var(--_avatar-bg);
    color: var(--_avatar-fg);
    font-size: calc(var(--_size) / 3 + 2px);
    font-weight: 600;
  }
  .avatar img {
    position: absolute;
    width: 100%;
    height: 100%;
    object-fit: cover;
    background: var(--_bg-rail);
  }
  .user-tag {
    color: var(--_fg-muted);
    font-size: 0.75rem;
    font-weight: 400;
  }
`;
