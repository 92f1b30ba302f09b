import type { CSSResult } from 'lit';

/**
 * Adds `styles` to the style sheets of `root` (once), for the parts of an element whose code,
 * and so whose styles, are fetched on first use.
 */
export function adoptStyles(root: ShadowRoot, styles: CSSResult): void {
  const sheet = styles.styleSheet;
  if (sheet && !root.adoptedStyleSheets.includes(sheet)) root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
}
