import { type TemplateResult, html, nothing } from 'lit';
import { type MarkdownBlock, type MarkdownInline, parseMarkdown } from '../internal/markdown.js';

// Rows render again on every change of the list; a message's text is parsed once while it stays
// among the recently shown.
const parsed = new Map<string, MarkdownBlock[]>();
const CACHE_SIZE = 500;

/**
 * Message text as DOM built by Lit from the Markdown subset (see `parseMarkdown`): every piece of
 * the message is interpolated as text or as a checked href, never parsed as HTML.
 */
export function renderMarkdown(content: string): TemplateResult[] {
  let blocks = parsed.get(content);
  if (!blocks) {
    blocks = parseMarkdown(content);
    if (parsed.size >= CACHE_SIZE) parsed.delete(parsed.keys().next().value as string);
    parsed.set(content, blocks);
  }
  return blocks.map(renderBlock);
}

function renderBlock(block: MarkdownBlock): TemplateResult {
  // No white space inside the templates: the content keeps its own line breaks (pre-wrap).
  switch (block.type) {
    case 'paragraph':
      return html`<p>${block.children.map(renderInline)}</p>`;
    case 'code-block':
      // Focusable: a block wider than the row scrolls, and a keyboard must be able to scroll it.
      return html`<pre
        part="code-block"
        class="code-block"
        data-lang=${block.lang || nothing}
        tabindex="0"
      ><code>${block.text}</code></pre>`;
    case 'quote':
      return html`<blockquote part="quote">${block.children.map(renderBlock)}</blockquote>`;
  }
}

function renderInline(node: MarkdownInline): TemplateResult | string {
  if (typeof node === 'string') return node;
  switch (node.type) {
    case 'strong':
      return html`<strong>${node.children.map(renderInline)}</strong>`;
    case 'em':
      return html`<em>${node.children.map(renderInline)}</em>`;
    case 'strike':
      return html`<s>${node.children.map(renderInline)}</s>`;
    case 'code':
      return html`<code part="code">${node.text}</code>`;
    case 'link':
      return html`<a href=${node.href} target="_blank" rel="noopener noreferrer nofollow">${node.children.map(renderInline)}</a>`;
  }
}
