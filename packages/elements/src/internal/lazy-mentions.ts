import type { ChatClient } from '@hearth/sdk';
import type { ReactiveElement } from 'lit';
import { adoptStyles } from './adopt-styles.js';
import type { MentionAutocomplete } from './mention-autocomplete.js';

/**
 * The composer's `@` autocomplete, created (and its code loaded) when the user first types `@`:
 * most messages mention no one, and the standalone bundle carries the autocomplete (and its
 * styles, adopted into the element's shadow root then) as a chunk of its own.
 */
export class LazyMentions {
  /** The autocomplete, once the user typed `@`. */
  autocomplete: MentionAutocomplete | undefined;
  private loading: Promise<void> | undefined;

  /**
   * @param source the client and the server whose members to offer.
   * @param listboxId the list's id, unique in the element's shadow root.
   */
  constructor(
    private readonly host: ReactiveElement,
    private readonly source: () => { chat: ChatClient | undefined; serverId: string | undefined },
    private readonly listboxId?: string,
  ) {}

  /** Called on each input of the composer: the first `@` brings the autocomplete in, looking at the field at once. */
  need(field: HTMLTextAreaElement): void {
    if (this.autocomplete || this.loading || !field.value.includes('@')) return;
    this.loading = import('./mention-autocomplete.js').then(async ({ MentionAutocomplete, mentionStyles }) => {
      adoptStyles(this.host.renderRoot as ShadowRoot, mentionStyles);
      this.autocomplete = new MentionAutocomplete(this.host, this.source, this.listboxId);
      this.host.requestUpdate();
      await this.host.updateComplete;
      // The user may have typed on, or left the field, while the code loaded.
      if ((field.getRootNode() as Document | ShadowRoot).activeElement === field) this.autocomplete.track(field);
    });
  }
}
