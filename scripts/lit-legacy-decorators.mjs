// Lit's `lit/decorators.js` for the standalone bundle, which compiles decorators in TypeScript's
// experimental form (see standalone-options.mjs): Lit's own module carries the standard form too.
// What each does is what Lit's does in the experimental form.

/** Declares a reactive property; returns the accessor Lit made, which the compiled class defines. */
export const property = (options) => (proto, name) => {
  proto.constructor.createProperty(name, options);
  return Object.getOwnPropertyDescriptor(proto, name);
};

/** Declares internal reactive state: a property with no attribute. */
export const state = (options) => property({ ...options, state: true, attribute: false });

/** A getter for the first element in the render root that matches `selector`. */
export const query = (selector) => () => ({
  get() {
    return this.renderRoot?.querySelector(selector) ?? null;
  },
  configurable: true,
  enumerable: true,
});
