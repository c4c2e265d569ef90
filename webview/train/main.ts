// Entry of the "Train on GPU" webview (bundled to dist/webview/train.js).
import { mount } from 'svelte';
import App from './App.svelte';
import { installTheme } from '../shared/theme';

installTheme();
mount(App, { target: document.getElementById('app') ?? document.body });
