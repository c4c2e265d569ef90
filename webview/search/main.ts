// Entry of dist/webview/search.js: mounts the hyperparameter search panel.
import { mount } from 'svelte';
import App from './App.svelte';
import { installTheme } from '../shared/theme';
import { installL10n, t } from '../shared/i18n.svelte';
import { installPageSay } from '../shared/training/pageSay';

const target = document.getElementById('app');
if (!target) throw new Error('NetLens: the page has no #app element');
installTheme();
installL10n();
// The training library's texts (dataset notes and errors) in the page's language: its catalogue is sent too.
installPageSay(t);
mount(App, { target });
