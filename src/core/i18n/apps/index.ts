/**
 * The webview apps' catalogues: one file per app (plus ./webview.ts for webview/shared/), merged
 * into en.ts and ko.ts so every id is checked like the core's. The host sends each page exactly
 * its own ids (src/webview-host/html.ts l10nFor); the app names equal WEBVIEW_APPS's (a unit test).
 */
import { activationsEn, activationsKo } from './activations';
import { convarithEn, convarithKo } from './convarith';
import { dataEn, dataKo } from './data';
import { initEn, initKo } from './init';
import { optimizersEn, optimizersKo } from './optimizers';
import { searchEn, searchKo } from './search';
import { trainEn, trainKo } from './train';
import { webviewEn, webviewKo } from './webview';

// Object.assign marked pure, not spreads: see ../index.ts (bundles that never render must drop
// these). Nested so each call stays within Object.assign's typed overloads (three sources).
export const webviewAppsEn = /* @__PURE__ */ Object.assign(
  /* @__PURE__ */ Object.assign({}, webviewEn, trainEn, activationsEn),
  /* @__PURE__ */ Object.assign({}, initEn, convarithEn, optimizersEn),
  dataEn,
  searchEn,
);
export const webviewAppsKo: { readonly [K in keyof typeof webviewAppsEn]: string } = /* @__PURE__ */ Object.assign(
  /* @__PURE__ */ Object.assign({}, webviewKo, trainKo, activationsKo),
  /* @__PURE__ */ Object.assign({}, initKo, convarithKo, optimizersKo),
  dataKo,
  searchKo,
);
