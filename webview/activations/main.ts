// Entry of dist/webview/activations.js: mounts the activation explorer.
import { mount } from 'svelte';
import App from './App.svelte';

const target = document.getElementById('app');
if (!target) throw new Error('NetLens: the page has no #app element');
mount(App, { target });
