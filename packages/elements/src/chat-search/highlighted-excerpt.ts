import { type TemplateResult, html } from 'lit';

/** A matched range of an excerpt, in UTF-16 code units from its start (the API's `Highlight`). */
export interface TextRange {
  start: number;
  end: number;
}

/**
 * An excerpt as text with each matched range in a `<mark part="match">`. The excerpt stays text
 * (Lit escapes it): the ranges say where the marks go, and nothing of the excerpt becomes markup.
 * Ranges are not trusted: out of bounds they are clipped, a range overlapping the one before keeps
 * only its part after it, and an empty one is dropped.
 */
export function highlightedExcerpt(excerpt: string, ranges: readonly TextRange[]): Array<string | TemplateResult> {
  const parts: Array<string | TemplateResult> = [];
  let at = 0;
  for (const range of [...ranges].sort((a, b) => a.start - b.start)) {
    const start = Math.max(range.start, at);
    const end = Math.min(range.end, excerpt.length);
    if (end <= start) continue;
    if (start > at) parts.push(excerpt.slice(at, start));
    parts.push(html`<mark part="match">${excerpt.slice(start, end)}</mark>`);
    at = end;
  }
  if (at < excerpt.length) parts.push(excerpt.slice(at));
  return parts;
}
