// Entry of the "Train on GPU" webview (bundled to dist/webview/train.js).
import { mount } from 'svelte';
import App from './App.svelte';
import { installTheme } from '../shared/theme';
import { installL10n, t } from '../shared/i18n.svelte';
import { installPageSay } from '../shared/training/pageSay';

installTheme();
installL10n();
installPageSay(t);
mount(App, { target: document.getElementById('app') ?? document.body });
