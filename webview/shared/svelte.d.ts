// Lets tsc type-check .ts files that import Svelte components (svelte-check checks the components).
declare module '*.svelte' {
  import type { Component } from 'svelte';
  const component: Component<any>;
  export default component;
}
