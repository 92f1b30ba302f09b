// `@hearth/elements/react`, `/vue` and `/svelte` are declarations for a framework's type checker;
// importing one at run time registers nothing and costs nothing.
export {};
