import type { User } from '@hearth/sdk';
import { type TemplateResult, html, nothing } from 'lit';
import { type MarkdownBlock, type MarkdownInline, parseMarkdown } from '../internal/markdown.js';

// Rows render again on every change of the list; a message's text is parsed once while it stays
// among the recently shown.
const parsed = new Map<string, MarkdownBlock[]>();
const CACHE_SIZE = 500;

/** Whom a message's `<@USER_ID>` tokens name, and who reads it. */
export interface MentionNames {
  /** The members the server resolved the message's mentions to (`message.mentions`). */
  users?: readonly User[] | undefined;
  /** The reader's id: their own mention is highlighted. */
  me?: string | undefined;
}

/**
 * Message text as DOM built by Lit from the Markdown subset (see `parseMarkdown`): every piece of
 * the message is interpolated as text or as a checked href, never parsed as HTML. A mention of a
 * user in `mentions` shows as an `@Name` chip; any other `<@…>` token stays as it was written.
 */
export function renderMarkdown(content: string, mentions: MentionNames = {}): TemplateResult[] {
  let blocks = parsed.get(content);
  if (!blocks) {
    blocks = parseMarkdown(content);
    if (parsed.size >= CACHE_SIZE) parsed.delete(parsed.keys().next().value as string);
    parsed.set(content, blocks);
  }
  return blocks.map((block) => renderBlock(block, mentions));
}

function renderBlock(block: MarkdownBlock, mentions: MentionNames): TemplateResult {
  // No white space inside the templates: the content keeps its own line breaks (pre-wrap).
  switch (block.type) {
    case 'paragraph':
      return html`<p>${block.children.map((child) => renderInline(child, mentions))}</p>`;
    case 'code-block':
      // Focusable: a block wider than the row scrolls, and a keyboard must be able to scroll it.
      return html`<pre
        part="code-block"
        class="code-block"
        data-lang=${block.lang || nothing}
        tabindex="0"
      ><code>${block.text}</code></pre>`;
    case 'quote':
      return html`<blockquote part="quote">${block.children.map((child) => renderBlock(child, mentions))}</blockquote>`;
  }
}

function renderInline(node: MarkdownInline, mentions: MentionNames): TemplateResult | string {
  if (typeof node === 'string') return node;
  switch (node.type) {
    case 'strong':
      return html`<strong>${node.children.map((child) => renderInline(child, mentions))}</strong>`;
    case 'em':
      return html`<em>${node.children.map((child) => renderInline(child, mentions))}</em>`;
    case 'strike':
      return html`<s>${node.children.map((child) => renderInline(child, mentions))}</s>`;
    case 'code':
      return html`<code part="code">${node.text}</code>`;
    case 'link':
      return html`<a href=${node.href} target="_blank" rel="noopener noreferrer nofollow"
        >${node.children.map((child) => renderInline(child, mentions))}</a
      >`;
    case 'mention': {
      const user = mentions.users?.find((candidate) => candidate.id === node.id);
      if (!user) return `<@${node.id}>`;
      const part = user.id === mentions.me ? 'mention mention-me' : 'mention';
      return html`<span part=${part} class=${part}>@${user.name}</span>`;
    }
  }
}
