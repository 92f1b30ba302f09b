/**
 * Registers a custom element unless its tag is taken already: two copies of Hearth on one page
 * (an app bundle and the standalone script) must not throw.
 */
export function defineElement(tag: string, element: CustomElementConstructor): void {
  if (!customElements.get(tag)) customElements.define(tag, element);
}
