import type { ChatClient, ChatEvents } from '@hearth/sdk';
import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * Listens to one event of its host's client while the host is connected, and moves to the new
 * client when the host's client changes (a `.client` set later, or a provider found later).
 */
export class ClientListener<K extends keyof ChatEvents> implements ReactiveController {
  private bound: ChatClient | undefined;
  private off: (() => void) | undefined;
  private connected = false;

  constructor(
    host: ReactiveControllerHost,
    private readonly client: () => ChatClient | undefined,
    private readonly event: K,
    private readonly listener: ChatEvents[K],
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.connected = true;
    this.bind();
  }

  hostUpdate(): void {
    this.bind();
  }

  hostDisconnected(): void {
    this.connected = false;
    this.off?.();
    this.off = undefined;
    this.bound = undefined;
  }

  private bind(): void {
    const client = this.connected ? this.client() : undefined;
    if (client === this.bound) return;
    this.off?.();
    this.bound = client;
    this.off = client?.on(this.event, this.listener);
  }
}
