import type { ChatClient, User } from '@hearth/sdk';
import { type ReactiveController, type ReactiveControllerHost, html, nothing } from 'lit';
import { Directive, type ElementPart, type PartInfo, PartType, directive } from 'lit/directive.js';
import { renderAvatar } from './avatar.js';
import { sharedNames, userTag } from './user-tag.js';

/** The list's styles, which come with its code: the element adopts them when it loads the code. */
export { default as mentionStyles } from './mention-autocomplete.styles.js';

/** Keystrokes to wait for before asking the server, so a fast typist sends one request, not five. */
const DEBOUNCE_MS = 150;
/** How many members the list offers. */
const LIMIT = 8;
/** An `@` at the start or after white space, then what is typed of a name up to the caret. */
const QUERY = /(?:^|\s)@([^\s@<>]{0,32})$/u;

/** Where the mention being typed starts and ends in the field, and its text after the `@`. */
interface Query {
  start: number;
  end: number;
  prefix: string;
}

/**
 * The composer's `@` autocomplete (the ARIA combobox pattern on its text area): typing `@` and the
 * start of a name lists the server's members with that prefix; Up and Down move through them,
 * Enter or Tab (or a click) picks one, Escape closes the list. The field shows `@Name` to the
 * user; {@link encode} turns the names picked from the list into `<@USER_ID>` when the message is
 * sent, while text typed by hand stays text.
 */
export class MentionAutocomplete implements ReactiveController {
  private options: readonly User[] = [];
  private activeIndex = 0;
  private query: Query | undefined;
  private field: HTMLTextAreaElement | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** Counts lookups: only the answer to the latest one is shown. */
  private latest = 0;
  /** The names picked from the list since the last send, and whose they are. */
  private readonly picked = new Map<string, string>();

  /**
   * @param source the client and the server whose members to offer.
   * @param listboxId the list's id, unique in the element's shadow root.
   */
  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly source: () => { chat: ChatClient | undefined; serverId: string | undefined },
    readonly listboxId = 'mentions',
  ) {
    host.addController(this);
  }

  /** Whether the list of members is showing. */
  get expanded(): boolean {
    return this.query !== undefined && this.options.length > 0;
  }

  hostDisconnected(): void {
    this.close();
  }

  /**
   * Binds the element around the text area, named `label` like it:
   * `<div ${mentions.combobox(label)}><textarea ${mentions.textbox()}>`.
   */
  combobox(label: string) {
    return comboboxPart(this, 'combobox', label);
  }

  /** Binds the text area, inside the element bound by {@link combobox}. */
  textbox() {
    return comboboxPart(this, 'textbox', '');
  }

  /** The list of members, for the composer to place beside its text area. */
  renderListbox(label: string) {
    const { chat } = this.source();
    const shared = sharedNames(this.options);
    return html`<ul part="mentions" class="mentions" role="listbox" id=${this.listboxId} aria-label=${label} ?hidden=${!this.expanded}>
      ${this.options.map(
        (user, index) =>
          html`<li
            part="mention-option"
            class="mention-option"
            role="option"
            id=${this.optionId(index)}
            aria-selected=${index === this.activeIndex ? 'true' : 'false'}
            @mousedown=${(event: Event) => event.preventDefault()}
            @click=${() => this.pick(user)}
          >
            ${renderAvatar(user, chat, 24, '')}${user.name}${shared.has(user.name) ? html` <span class="user-tag">${userTag(user.id)}</span>` : nothing}
          </li>`,
      )}
    </ul>`;
  }

  /**
   * Handles the list's keys, before the composer's own (Enter there sends): says whether the key
   * was the list's.
   */
  keydown(event: KeyboardEvent): boolean {
    if (!this.expanded || event.isComposing) return false;
    const count = this.options.length;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      this.activeIndex = (this.activeIndex + (event.key === 'ArrowDown' ? 1 : count - 1)) % count;
      this.host.requestUpdate();
    } else if (event.key === 'Enter' || (event.key === 'Tab' && !event.shiftKey)) {
      this.pick(this.options[this.activeIndex] as User);
    } else if (event.key === 'Escape') {
      // The list closes, not the panel around the composer.
      event.stopPropagation();
      this.close();
    } else {
      return false;
    }
    event.preventDefault();
    return true;
  }

  /** `text` with each `@Name` picked from the list written as the mention `<@USER_ID>`. */
  encode(text: string): string {
    if (this.picked.size === 0) return text;
    const names = [...this.picked.keys()].sort((a, b) => b.length - a.length).map((name) => name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
    const mention = new RegExp(`(^|\\s)@(${names.join('|')})(?![\\p{L}\\p{N}_])`, 'gu');
    return text.replace(mention, (_whole, lead: string, name: string) => `${lead}<@${this.picked.get(name) as string}>`);
  }

  /** Forgets the names picked, once their message is sent. */
  reset(): void {
    this.picked.clear();
    this.close();
  }

  /** Closes the list; an answer still on its way is dropped. */
  close(): void {
    this.latest++;
    clearTimeout(this.timer);
    if (this.query === undefined && this.options.length === 0) return;
    this.query = undefined;
    this.options = [];
    this.host.requestUpdate();
  }

  /** The id of the option the keyboard is on, while the list shows. */
  get activeId(): string | undefined {
    return this.expanded ? this.optionId(this.activeIndex) : undefined;
  }

  /** Looks at the text before the caret: a mention being typed opens (or narrows) the list. */
  track(field: HTMLTextAreaElement): void {
    this.field = field;
    const caret = field.selectionStart;
    const typed = field.selectionEnd === caret ? QUERY.exec(field.value.slice(0, caret)) : null;
    if (!typed) return this.close();
    const prefix = typed[1] as string;
    this.query = { start: caret - prefix.length - 1, end: caret, prefix };
    clearTimeout(this.timer);
    const request = ++this.latest;
    this.timer = setTimeout(() => void this.lookUp(prefix, request), DEBOUNCE_MS);
  }

  private async lookUp(prefix: string, request: number): Promise<void> {
    const { chat, serverId } = this.source();
    if (!chat || !serverId) return;
    let members: readonly User[];
    try {
      members = (await chat.servers.members(serverId, { prefix, limit: LIMIT })).members.map((member) => member.user);
    } catch {
      // No suggestions is all a failed lookup costs: the user types the name on.
      members = [];
    }
    if (request !== this.latest || !this.query) return;
    this.options = members;
    this.activeIndex = 0;
    this.host.requestUpdate();
  }

  private pick(user: User): void {
    const field = this.field;
    const query = this.query;
    if (!field || !query) return;
    field.setRangeText(`@${user.name} `, query.start, query.end, 'end');
    this.picked.set(user.name, user.id);
    this.close();
    field.focus();
  }

  private optionId(index: number): string {
    return `${this.listboxId}-${index}`;
  }
}

/**
 * The combobox around the text area (the ARIA 1.1 pattern: a text area takes no role of its own),
 * and the text area inside it: their ARIA state, and the events that move the query.
 */
class ComboboxPart extends Directive {
  private bound: Element | undefined;
  private mentions: MentionAutocomplete | undefined;

  constructor(part: PartInfo) {
    super(part);
    if (part.type !== PartType.ELEMENT) throw new Error('combobox() and textbox() bind to an element');
  }

  render(_mentions: MentionAutocomplete, _role: 'combobox' | 'textbox', _label: string) {
    return nothing;
  }

  override update(part: ElementPart, [mentions, role, label]: [MentionAutocomplete, 'combobox' | 'textbox', string]) {
    const element = part.element;
    this.mentions = mentions;
    if (role === 'combobox') {
      element.setAttribute('role', 'combobox');
      element.setAttribute('aria-label', label);
      element.setAttribute('aria-haspopup', 'listbox');
      element.setAttribute('aria-controls', mentions.listboxId);
      element.setAttribute('aria-expanded', String(mentions.expanded));
      return nothing;
    }
    if (this.bound !== element && element instanceof HTMLTextAreaElement) {
      this.bound = element;
      const follow = () => this.mentions?.track(element);
      element.addEventListener('input', follow);
      element.addEventListener('click', follow);
      element.addEventListener('blur', () => this.mentions?.close());
    }
    element.setAttribute('aria-autocomplete', 'list');
    element.setAttribute('aria-controls', mentions.listboxId);
    const active = mentions.activeId;
    if (active) element.setAttribute('aria-activedescendant', active);
    else element.removeAttribute('aria-activedescendant');
    return nothing;
  }
}

const comboboxPart = directive(ComboboxPart);
