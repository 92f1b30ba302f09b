// Lets tsc type-check the TypeScript modules that import single-file components (it cannot read
// .vue files itself).
declare module '*.vue' {
  import type { DefineComponent } from 'vue';
  const component: DefineComponent;
  export default component;
}
