import { type TemplateResult, html, nothing } from 'lit';
import type { LazyMentions } from '../internal/lazy-mentions.js';
import { type ChatStrings, format } from '../internal/strings.js';
import type { DraftLength } from './draft-length.js';
import type { LazyAttachments } from './lazy-attachments.js';
import { icon } from './message-actions.js';

/** A plus: add files. */
const ATTACH_ICON = 'M10 4v12 M4 10h12';

/** What the composer shows. */
export interface ComposerState {
  /** Whether the user may post: a Join button when not, a disabled composer until it is known. */
  member: boolean | undefined;
  /** The text area's label and placeholder (`Message #general`). */
  label: string;
  /** The element's strings. */
  t(key: keyof ChatStrings): string;
  /** Shown instead of the form while membership cannot be known (an error with Retry). */
  membershipStatus?: TemplateResult | undefined;
  /** The last join failed: said in place of the invitation to join. */
  joinFailed?: boolean;
  /** The name of the author whose message the next send replies to: "Replying to NAME", with a cancel button. */
  replyingTo?: string | undefined;
  /** The `@` autocomplete of the server's members; the picked names are sent as mentions. */
  mentions?: LazyMentions | undefined;
  /** Why the user cannot send now (a time-out, slow mode's countdown, no access): the form is disabled, this said above it. */
  locked?: string | undefined;
  /** Why sending waits (slow mode's countdown): the Send button is disabled, this said above the form. */
  wait?: string | undefined;
  /** Said above the form while it works ("Slow mode is on"). */
  notice?: string | undefined;
  /** The files to send with the message: an Attach button, files pasted in, and their tray. */
  attachments?: LazyAttachments | undefined;
  /** The draft's length: a counter near the limit, and Send held over it (the text stays). */
  draft: DraftLength;
}

/** What the composer does on the user's behalf. */
export interface ComposerActions {
  /**
   * Sends a message (with the files of `attachments`, if any: the text may then be empty); says
   * whether it went (the text stays in the composer when not).
   */
  send(content: string): boolean;
  /** Tells the others the user is typing. */
  typing(): void;
  /** Joins the server (the Join button). */
  join(): void;
  /** Opens the editor on the user's last message (Up in an empty composer); says whether there was one. */
  editLast(): boolean;
  /** Makes the next send no reply (the reply bar's ×, or Escape). */
  cancelReply?(): void;
}

/**
 * The message form: Enter sends, Shift+Enter (or Enter while an input method composes) starts a
 * new line, Up in the empty form edits the user's last message, typing tells the others. A reply
 * shows "Replying to NAME" above the form; × or Escape makes it no reply. With `attachments`, an
 * Attach button (and a paste of files) adds files, shown in a tray above the form; Send waits
 * until they are uploaded. Near the length limit a counter says how many characters are left;
 * over it, Send is disabled and Enter keeps the text. A non-member sees a Join button instead.
 */
export function renderComposer(
  { member, label, t, membershipStatus, joinFailed, replyingTo, mentions, locked, wait, notice, attachments, draft }: ComposerState,
  actions: ComposerActions,
) {
  if (membershipStatus) return html`<div part="composer" class="composer closed">${membershipStatus}</div>`;
  if (member === false && !locked) {
    return html`<div part="composer" class="composer closed">
      <span role=${joinFailed ? 'alert' : nothing}>${joinFailed ? t('joinFailed') : t('joinToPost')}</span>
      <button part="join" class="primary" @click=${() => actions.join()}>${t('join')}</button>
    </div>`;
  }
  const autocomplete = mentions?.autocomplete;
  const disabled = member === undefined || !!locked;
  const submit = (form: HTMLFormElement | null) => {
    const input = form?.querySelector('textarea');
    const content = input?.value ?? '';
    if (!input || (content.trim() === '' && !attachments?.composer?.ready)) return;
    const encoded = autocomplete?.encode(content) ?? content;
    if (draft.measure(encoded) || !actions.send(encoded)) return;
    input.value = '';
    draft.measure('');
    autocomplete?.reset();
  };
  const onKeydown = (event: KeyboardEvent) => {
    const input = event.currentTarget as HTMLTextAreaElement;
    if (autocomplete?.keydown(event)) return;
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      submit(input.form);
    } else if (event.key === 'ArrowUp' && input.value === '' && !event.isComposing && actions.editLast()) {
      event.preventDefault();
    } else if (event.key === 'Escape' && replyingTo !== undefined) {
      event.preventDefault();
      actions.cancelReply?.();
    }
  };
  const onSubmit = (event: SubmitEvent) => {
    event.preventDefault();
    submit(event.currentTarget as HTMLFormElement);
  };
  const replyBar =
    replyingTo === undefined
      ? nothing
      : html`<div part="reply-bar" class="reply-bar" id="reply-bar">
          <span>${format(t('replyingTo'), { name: replyingTo })}</span>
          <button
            type="button"
            part="cancel-reply"
            aria-label=${t('cancelReply')}
            title=${t('cancelReply')}
            @click=${() => actions.cancelReply?.()}
          >
            ×
          </button>
        </div>`;
  const said = locked || wait || notice;
  const tray = attachments?.composer;
  return html`${replyBar}${said ? html`<div part="composer-notice" class="composer-notice" role="status">${said}</div>` : nothing}
    ${tray?.renderTray()}
    <form part="composer" class="composer" @submit=${onSubmit}>
      ${autocomplete?.renderListbox(t('mentionSuggestions'))}
      ${
        attachments
          ? html`<button
                type="button"
                part="attach"
                class="action"
                aria-label=${t('attachFiles')}
                title=${t('attachFiles')}
                ?disabled=${disabled}
                @click=${(event: Event) => ((event.currentTarget as HTMLElement).nextElementSibling as HTMLInputElement).click()}
              >
                ${icon(ATTACH_ICON)}</button
              ><input
                type="file"
                multiple
                hidden
                @change=${(event: Event) => {
                  const picker = event.currentTarget as HTMLInputElement;
                  attachments.add([...(picker.files ?? [])]);
                  picker.value = '';
                }}
              />`
          : nothing
      }
      <div class="field" ${autocomplete?.combobox(label)}>
        <textarea
          ${autocomplete?.textbox()}
          part="input"
          rows="1"
          aria-label=${label}
          aria-describedby=${[replyingTo === undefined ? '' : 'reply-bar', draft.describedBy].join(' ').trim() || nothing}
          aria-invalid=${draft.over ? 'true' : nothing}
          placeholder=${label}
          ?disabled=${disabled}
          @keydown=${onKeydown}
          @paste=${(event: ClipboardEvent) => attachments?.paste(event)}
          @input=${(event: Event) => {
            const input = event.currentTarget as HTMLTextAreaElement;
            actions.typing();
            mentions?.need(input);
            draft.measure(autocomplete?.encode(input.value) ?? input.value);
          }}
        ></textarea>
      </div>
      ${draft.render(t)}
      <button
        part="send"
        class="primary"
        type="submit"
        aria-describedby=${draft.describedBy ?? nothing}
        ?disabled=${disabled || !!wait || tray?.busy || draft.over}
      >
        ${t('send')}
      </button>
    </form>`;
}
