import { css } from 'lit';
import { adoptStyles } from '../internal/adopt-styles.js';

/** What the drawer needs of `<chat-app>`: its shadow root, and the way to close the drawer. */
export interface DrawerHost {
  readonly renderRoot: HTMLElement | DocumentFragment;
  readonly updateComplete: Promise<boolean>;
}

/**
 * The scrim over the messages while the drawer is open, as in Discord's and Slack's narrow
 * layouts, and the names in the drawer, given room.
 */
const drawerStyles = css`
  @container (max-width: 699px) {
    .scrim {
      display: block;
      position: absolute;
      inset: 48px 0 0;
      z-index: 2;
      background: rgb(0 0 0 / 0.45);
    }
    /* A long name takes two lines rather than being cut to a few letters (its tooltip has it all). */
    .rail chat-server-list::part(name) {
      display: -webkit-box;
      -webkit-box-orient: vertical;
      -webkit-line-clamp: 2;
      white-space: normal;
      overflow-wrap: break-word;
    }
    /* Beside the rail the channels' column is narrow: the member count goes under the server's name. */
    .drawer chat-channels::part(header) {
      flex-wrap: wrap;
      row-gap: 0;
      height: auto;
      min-height: 48px;
      padding-block: 6px;
    }
  }
`;

/** Hosts whose width is watched, so that a drawer left open closes when the layout is wide again. */
const watched = new WeakMap<DrawerHost, ResizeObserver>();

/**
 * Called once the drawer shows: its styles are adopted, the focus goes to its first control
 * (Explore), and the drawer closes if the container becomes wide, where it has no drawer to be
 * in (the messages would stay inert otherwise).
 */
export async function drawerOpened(host: DrawerHost, close: () => void): Promise<void> {
  const root = host.renderRoot as ShadowRoot;
  adoptStyles(root, drawerStyles);
  await host.updateComplete;
  if (!watched.has(host)) {
    // The toggle is looked up at each resize: the signed-out view, for one, renders it anew.
    const observer = new ResizeObserver(() => root.querySelector<HTMLElement>('[part="drawer-toggle"]')?.checkVisibility() || close());
    observer.observe(root.host);
    watched.set(host, observer);
  }
  root.querySelector<HTMLElement>('[part="explore-button"]')?.focus();
}

/**
 * Keys while the drawer is open: Escape closes it and gives the focus back to its toggle (unless
 * something inside, a menu or a dialog, used the key); Tab and Shift+Tab wrap around the toggle
 * and the drawer's controls, so that the focus stays in what shows.
 */
export function drawerKeydown(host: DrawerHost, event: KeyboardEvent, close: () => void): void {
  const root = host.renderRoot as ShadowRoot;
  const drawer = root.querySelector('.drawer-open .drawer');
  const toggle = root.querySelector<HTMLElement>('[part="drawer-toggle"]');
  if (!drawer || !toggle || event.defaultPrevented || drawerHoldsDialog(host)) return;
  if (event.key === 'Escape') {
    if (event.composedPath().some((target) => target instanceof HTMLElement && target.localName === 'chat-server-menu')) return;
    close();
    toggle.focus();
    return;
  }
  if (event.key !== 'Tab') return;
  const cycle = [toggle, ...tabbables(drawer)];
  const active = event.composedPath()[0];
  const edge = event.shiftKey ? cycle[0] : cycle.at(-1);
  if (active !== edge) return;
  event.preventDefault();
  (event.shiftKey ? cycle.at(-1) : cycle[0])?.focus();
}

/** Whether a modal dialog opened from the drawer (the server menu's Settings, Invite…) shows. */
export function drawerHoldsDialog(host: DrawerHost): boolean {
  const drawer = host.renderRoot.querySelector('.drawer');
  return drawer ? hasModal(drawer) : false;
}

function hasModal(root: Element | ShadowRoot): boolean {
  return [...root.querySelectorAll('*')].some(
    (element) => element.matches(':modal') || (element.shadowRoot ? hasModal(element.shadowRoot) : false),
  );
}

/** The elements Tab stops at under `root`, in order, shadow roots included. */
function tabbables(root: Element | ShadowRoot): HTMLElement[] {
  return [...root.querySelectorAll('*')].flatMap((element) => [
    ...(element instanceof HTMLElement && element.tabIndex >= 0 && !element.matches(':disabled') && element.checkVisibility()
      ? [element]
      : []),
    ...(element.shadowRoot ? tabbables(element.shadowRoot) : []),
  ]);
}
