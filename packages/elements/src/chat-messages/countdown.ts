import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * A wait that ends at a time (slow mode's, a time-out's): the host renders again each second
 * while it runs, and once when it ends.
 */
export class Countdown implements ReactiveController {
  private until = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  /** Whole seconds left (0 once over). */
  get seconds(): number {
    return Math.max(0, Math.ceil((this.until - Date.now()) / 1000));
  }

  /** Runs until `time` (a timestamp), unless it already runs longer. */
  runUntil(time: number): void {
    if (time <= this.until) return;
    this.until = time;
    this.tick();
  }

  private tick = (): void => {
    clearTimeout(this.timer);
    this.host.requestUpdate();
    const left = this.until - Date.now();
    if (left > 0) this.timer = setTimeout(this.tick, left % 1000 || 1000);
  };

  hostConnected(): void {
    this.tick();
  }

  hostDisconnected(): void {
    clearTimeout(this.timer);
  }
}
