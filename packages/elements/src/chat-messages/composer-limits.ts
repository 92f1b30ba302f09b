import { type ChatClient, ChatSocketError, type Membership, isPending } from '@hearth/sdk';
import { can } from '@hearth/sdk/protocol';
import { type ReactiveController, type ReactiveControllerHost, css } from 'lit';
import { adoptStyles } from '../internal/adopt-styles.js';
import { COMMUNITY_STRINGS } from '../internal/community-strings.js';
import { type ChatStrings, format } from '../internal/strings.js';
import { formatTime } from '../internal/time-format.js';
import { Countdown } from './countdown.js';

/** The element the limits are of: the channel it shows, and its strings. */
export interface LimitsHost extends ReactiveControllerHost {
  readonly serverId: string | undefined;
  readonly channelId: string | undefined;
  readonly strings: Partial<ChatStrings>;
  readonly renderRoot: HTMLElement | DocumentFragment;
}

/** The line above the composer that says what holds (`locked`, `wait` or `notice`): shown only once limits are known. */
const noticeStyles = css`
  .composer-notice {
    margin: 0 16px 4px;
    font-size: 0.85em;
    color: var(--_fg-muted);
  }
`;

/** Why the composer cannot send now, or a hint about what holds. */
export interface LimitsState {
  /** The form is disabled: the channel is closed to the user, or they are timed out. */
  locked?: string;
  /** Sending waits (slow mode's countdown). */
  wait?: string;
  /** A hint while sending works ("Slow mode is on"). */
  notice?: string;
}

/**
 * What stops the user from posting in a channel: the end of their access to it, a time-out
 * (until its end), and slow mode, which makes a member below moderator wait between two messages
 * (after their own send, and after a send the server refused with `rate_limited`, as long as it
 * says). Fetched when a channel with slow mode, a time-out or an error first shows.
 */
export class ComposerLimits implements ReactiveController {
  private readonly slowWait: Countdown;
  private readonly timeOut: Countdown;
  private stopErrors: (() => void) | undefined;
  /** The send slow mode refused, which goes out again by itself: slow mode's wait starts anew once it is stored. */
  private retrying: string | undefined;

  constructor(
    private readonly host: LimitsHost,
    private readonly chat: () => ChatClient | undefined,
  ) {
    this.slowWait = new Countdown(host);
    this.timeOut = new Countdown(host);
    host.addController(this);
    adoptStyles(host.renderRoot as ShadowRoot, noticeStyles);
  }

  /** The user's membership of the element's server. */
  private membership(): Membership | undefined {
    return this.chat()?.$roles.get()[this.host.serverId ?? ''];
  }

  private channelStore() {
    const { channelId } = this.host;
    return channelId ? this.chat()?.channel(channelId) : undefined;
  }

  /** Whether a send with this client id is one of the channel's pending sends. */
  private pending(clientId: string | undefined): boolean {
    return !!this.channelStore()
      ?.$messages.get()
      .some((message) => isPending(message) && message.clientId === clientId);
  }

  private get slowModeMs(): number {
    const { serverId, channelId } = this.host;
    const server = serverId ? this.chat()?.servers.$get(serverId).get().value : undefined;
    const seconds = server?.channels.find((channel) => channel.id === channelId)?.slowModeSeconds ?? 0;
    return can(this.membership()?.role, 'bypassSlowMode') ? 0 : seconds * 1000;
  }

  /** What the composer says and whether it may send, now. */
  state(): LimitsState {
    const t = (key: keyof ChatStrings) => this.host.strings[key] ?? COMMUNITY_STRINGS[key as keyof typeof COMMUNITY_STRINGS];
    const error = this.channelStore()?.$status.get().error;
    if (error instanceof ChatSocketError && error.code === 'access_revoked') return { locked: t('noAccess') };
    const mutedUntil = this.membership()?.mutedUntil;
    if (mutedUntil) this.timeOut.runUntil(Date.parse(mutedUntil));
    if (mutedUntil && this.timeOut.seconds > 0) return { locked: format(t('timedOut'), { time: formatTime(mutedUntil) }) };
    if (this.retrying && !this.pending(this.retrying)) {
      this.retrying = undefined;
      this.sent();
    }
    if (this.slowWait.seconds > 0) return { wait: format(t('slowModeWait'), { seconds: this.slowWait.seconds }) };
    return this.slowModeMs > 0 ? { notice: t('slowModeOn') } : {};
  }

  /** The user sent a message: slow mode's wait starts. */
  sent(): void {
    if (this.slowModeMs > 0) this.slowWait.runUntil(Date.now() + this.slowModeMs);
  }

  hostConnected(): void {
    // A send refused by slow mode waits (the client sends it again when allowed): the composer waits as long.
    this.stopErrors = this.chat()?.on('error', (error) => {
      if (error instanceof ChatSocketError && error.code === 'rate_limited' && error.retryAfterMs && this.pending(error.ref)) {
        this.retrying = error.ref;
        this.slowWait.runUntil(Date.now() + error.retryAfterMs);
      }
    });
  }

  hostDisconnected(): void {
    this.stopErrors?.();
  }
}
