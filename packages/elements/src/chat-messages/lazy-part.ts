import type { ChildPart, ReactiveElement } from 'lit';
import { Directive, directive } from 'lit/directive.js';

/** Code that a part of a row fetches on first need: the module once it is here. */
export class LazyModule<T> {
  /** The module, once fetched. */
  module: T | undefined;
  private loading: Promise<T> | undefined;

  constructor(private readonly importer: () => Promise<T>) {}

  /** Fetches the module (once). */
  load(): Promise<T> {
    return (this.loading ??= this.importer().then((module) => (this.module = module)));
  }
}

/**
 * A part of a row drawn by code fetched on first need (a page that never shows one never fetches
 * it): `placeholder` until then, while the code is fetched; then the element that shows the row
 * renders again, and `draw` draws it.
 */
class LazyPart extends Directive {
  render(_code: LazyModule<unknown>, _draw: (module: never, part: ChildPart) => unknown, placeholder?: () => unknown): unknown {
    return placeholder?.();
  }

  override update(part: ChildPart, [code, draw, placeholder]: Parameters<LazyPart['render']>): unknown {
    if (code.module) return draw(code.module as never, part);
    const host = part.options?.host as ReactiveElement | undefined;
    void code.load().then(() => host?.requestUpdate());
    return placeholder?.();
  }
}

/** Draws a part of a row with code fetched on first need: see {@link LazyPart}. */
export const lazyPart = directive(LazyPart) as <T>(
  code: LazyModule<T>,
  draw: (module: T, part: ChildPart) => unknown,
  placeholder?: () => unknown,
) => unknown;
