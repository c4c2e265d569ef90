// Entry of dist/webview/data.js: mounts the data explorer.
import { mount } from 'svelte';
import App from './App.svelte';
import { installTheme } from '../shared/theme';
import { installL10n } from '../shared/i18n.svelte';

const target = document.getElementById('app');
if (!target) throw new Error('NetLens: the page has no #app element');
installTheme();
installL10n();
mount(App, { target });
