// Lets tsc type-check the TypeScript modules that import components (it cannot read .svelte files
// itself).
declare module '*.svelte' {
  import type { Component } from 'svelte';
  const component: Component;
  export default component;
}
