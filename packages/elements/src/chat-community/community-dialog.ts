import type { ChatClient } from '@hearth/sdk';
import { type TemplateResult, css, html, nothing } from 'lit';
import { state } from 'lit/decorators.js';
import { ChatElement } from '../internal/chat-element.js';
import { COMMUNITY_STRINGS } from '../internal/community-strings.js';
import type { ChatStrings } from '../internal/strings.js';
import { format } from '../internal/strings.js';
import { themeStyles } from '../internal/theme.styles.js';

/** The host a dialog is opened from: its client, theme and strings are handed on. */
export interface DialogOpener {
  readonly renderRoot: HTMLElement | DocumentFragment;
  theme: 'light' | 'dark' | undefined;
  strings: Partial<ChatStrings>;
}

/**
 * A modal dialog of the community UI: a `<dialog>` opened with `showModal()` (the rest of the page
 * is inert, so the focus stays inside), labelled by its title, closed by Escape or its close
 * button; the focus goes back to what opened it, and the element removes itself.
 */
export abstract class CommunityDialog extends ChatElement {
  static override styles = [
    themeStyles,
    css`
      dialog {
        box-sizing: border-box;
        width: min(560px, calc(100vw - 16px));
        max-height: calc(100vh - 32px);
        padding: 0;
        border: 1px solid var(--_border);
        border-radius: var(--_radius);
        background: var(--_bg);
        color: var(--_fg);
        font-family: var(--_font);
      }
      dialog::backdrop {
        background: rgb(0 0 0 / 0.5);
      }
      .head {
        display: flex;
        align-items: center;
        gap: 8px;
        padding: 12px 16px;
        border-bottom: 1px solid var(--_border);
      }
      h2 {
        flex: 1;
        margin: 0;
        font-size: 1.1rem;
      }
      .body {
        display: flex;
        flex-direction: column;
        gap: 12px;
        padding: 16px;
      }
      label,
      fieldset {
        display: flex;
        flex-direction: column;
        gap: 4px;
        margin: 0;
        border: 0;
        padding: 0;
        font-size: 0.9em;
      }
      input,
      select,
      textarea {
        font: inherit;
        padding: 6px 8px;
        border: 1px solid var(--_border);
        border-radius: 4px;
        background: var(--_bg-alt);
        color: var(--_fg);
      }
      button {
        padding: 6px 12px;
        border: 1px solid var(--_border);
        border-radius: 4px;
        background: var(--_bg-alt);
        cursor: pointer;
      }
      button:disabled {
        opacity: 0.5;
        cursor: default;
      }
      .primary {
        background: var(--_accent);
        color: var(--_accent-fg);
        border-color: transparent;
      }
      .danger {
        color: var(--_danger);
      }
      .row {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 8px;
      }
      label.row {
        flex-direction: row;
      }
      .actions {
        display: flex;
        justify-content: flex-end;
        gap: 8px;
      }
      .muted {
        color: var(--_fg-muted);
        font-size: 0.9em;
      }
      [role='alert'] {
        margin: 0;
        color: var(--_danger);
      }
      .preview {
        width: 64px;
        height: 64px;
        border-radius: 30%;
        object-fit: cover;
      }
      .banner-preview {
        width: 100%;
        max-height: 120px;
        border-radius: var(--_radius);
        object-fit: cover;
      }
    `,
  ];

  /** The last failure, said in the dialog. */
  @state() protected accessor error = '';
  /** What had the focus before the dialog opened. */
  private opener: HTMLElement | undefined;

  /** The dialog's title. */
  protected abstract heading(): string;
  /** The dialog's content. */
  protected abstract renderBody(): TemplateResult | typeof nothing;

  /** One string, overridden or default (the community strings included). */
  protected override t(key: keyof ChatStrings): string {
    return this.strings[key] ?? (COMMUNITY_STRINGS as Partial<ChatStrings>)[key] ?? super.t(key);
  }

  protected override render() {
    return html`<dialog part="dialog" aria-labelledby="title" @close=${this.onClose}>
      <div class="head">
        <h2 id="title">${this.heading()}</h2>
        <button part="close" aria-label=${this.t('close')} @click=${() => this.close()}>×</button>
      </div>
      <div class="body">${this.renderBody()} ${this.error ? html`<p role="alert" part="error">${this.error}</p>` : nothing}</div>
    </dialog>`;
  }

  /** Opens the dialog as a modal; the focus returns to what had it when it closes. */
  async show(): Promise<void> {
    this.opener = deepActiveElement();
    await this.updateComplete;
    this.renderRoot.querySelector('dialog')?.showModal();
  }

  /** Closes the dialog. */
  close(): void {
    this.renderRoot.querySelector('dialog')?.close();
  }

  private onClose = (event: Event): void => {
    if (event.target !== event.currentTarget) return;
    this.remove();
    this.opener?.focus();
    this.dispatchEvent(new Event('close'));
  };

  /**
   * Runs an action, saying its failure in the dialog (the error's code and message); resolves
   * with whether it succeeded.
   */
  protected async attempt(action: () => Promise<unknown>): Promise<boolean> {
    this.error = '';
    try {
      await action();
      return true;
    } catch (error) {
      this.error = format(this.t('failed'), { reason: error instanceof Error ? error.message : String(error) });
      return false;
    }
  }
}

/** The element that has the focus, inside shadow roots too. */
export function deepActiveElement(): HTMLElement | undefined {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active instanceof HTMLElement ? active : undefined;
}

/**
 * Makes a dialog element with the opener's client, theme and strings, places it in the opener's
 * shadow root (so the page's theme reaches it) and opens it.
 */
export function openDialog<T extends CommunityDialog>(
  opener: DialogOpener,
  chat: ChatClient | undefined,
  dialog: T,
  props: Partial<T> = {},
): T {
  Object.assign(dialog, props, { client: chat, strings: opener.strings });
  if (opener.theme) dialog.theme = opener.theme;
  opener.renderRoot.appendChild(dialog);
  void dialog.show();
  return dialog;
}

/** The text of a form's field (empty when it has none, or holds a file). */
export function fieldText(form: HTMLFormElement, name: string): string {
  const value = new FormData(form).get(name);
  return typeof value === 'string' ? value : '';
}
