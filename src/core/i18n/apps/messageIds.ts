/**
 * The ids each webview app's page receives (src/webview-host/html.ts l10nFor). On a module of its
 * own: its top-level code is not side-effect free, and ./index.ts is imported (through the core's
 * catalogue) by page bundles that must drop every catalogue.
 */
import { activationsEn } from './activations';
import { convarithEn } from './convarith';
import { dataEn } from './data';
import { initEn } from './init';
import { optimizersEn } from './optimizers';
import { searchEn } from './search';
import { trainEn } from './train';
import { webviewEn } from './webview';
import type { webviewAppsEn } from './index';

type WebviewMessageId = keyof typeof webviewAppsEn;

const ids = <T extends object>(table: T) => Object.keys(table) as (keyof T & string)[];
const shared = ids(webviewEn);

/** The ids each webview app renders: webview/shared's and its own. */
export const WEBVIEW_MESSAGE_IDS: Readonly<Record<'train' | 'activations' | 'init' | 'convarith' | 'optimizers' | 'data' | 'search', readonly WebviewMessageId[]>> = {
  train: [...shared, ...ids(trainEn)],
  activations: [...shared, ...ids(activationsEn)],
  init: [...shared, ...ids(initEn)],
  convarith: [...shared, ...ids(convarithEn)],
  optimizers: [...shared, ...ids(optimizersEn)],
  data: [...shared, ...ids(dataEn)],
  // The training library (webview/shared/training/) speaks through the train catalogue (pageSay.ts).
  search: [...shared, ...ids(trainEn), ...ids(searchEn)],
};
