// Opens a NetLens webview app in real headless Chromium under the exact page and CSP VS Code gets
// (rendered by src/webview-host/html.ts), with a stand-in for acquireVsCodeApi that records what
// the webview posts and lets the test play the host's side.
//
//   const wv = await openWebview('train', { hostMessages: [msg, ...] | (msg, post) => void,
//                                           disableWebGL: false, state: {...} });
//   await wv.waitForMessage((m) => m.type === 'ready');
//   await wv.postToWebview({ type: 'init', ... });
//   await wv.screenshot('train-panel');   // -> test-artifacts/train-panel.png
//   await wv.close();
import { chromium } from 'playwright-core';
import { tsImport } from 'tsx/esm/api';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const artifactsDir = join(repoRoot, 'test-artifacts');
/** The pretend webview origin: VS Code's cspSource plays this role. */
export const ORIGIN = 'https://netlens-webview.test';

const { renderWebviewHtml, makeNonce, l10nFor, WEBVIEW_APPS, WEBVIEW_RESOURCE_ROOTS } = await tsImport('../../src/webview-host/html.ts', import.meta.url);

const MIME = {
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.bin': 'application/octet-stream',
  '.map': 'application/json',
};

export function chromiumPath() {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(Boolean);
  const found = candidates.find((p) => existsSync(p));
  if (!found) throw new Error('Chromium not found: apt-get install -y chromium (or set CHROMIUM_PATH)');
  return found;
}

/** Launch flags that work as root in a container; SwiftShader gives WebGL 2 without a GPU. */
export function launchArgs({ disableWebGL = false } = {}) {
  const args = [
    '--no-sandbox',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--enable-unsafe-swiftshader',
    '--ignore-gpu-blocklist',
  ];
  if (disableWebGL) args.push('--disable-webgl', '--disable-webgl2', '--disable-3d-apis');
  // For benchmarks on a machine with a GPU: headless Chromium may need e.g. --use-angle=vulkan to use it.
  const extra = process.env.NETLENS_CHROMIUM_ARGS?.split(/\s+/).filter(Boolean) ?? [];
  return [...args, ...extra];
}

/**
 * @param {string} app  webview app name: dist/webview/<app>.js
 * @param {{ hostMessages?: object[] | ((msg: any, post: (m: any) => Promise<void>) => void | Promise<void>),
 *           disableWebGL?: boolean, state?: unknown, policy?: { wasm?: boolean, worker?: boolean }, viewport?: {width:number,height:number},
 *           bodyAttrs?: Record<string,string>, title?: string, lang?: 'en' | 'ko' }} [opts]
 */
export async function openWebview(app, opts = {}) {
  const bundle = join(repoRoot, 'dist', 'webview', `${app}.js`);
  if (!existsSync(bundle)) throw new Error(`${bundle} is missing: run npm run build first`);
  const profile = mkdtempSync(join(tmpdir(), 'netlens-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath(),
    headless: true,
    args: launchArgs(opts),
    viewport: opts.viewport ?? { width: 1200, height: 900 },
  });
  const page = context.pages()[0] ?? (await context.newPage());

  const messagesFromWebview = [];
  const consoleLines = [];
  const pageErrors = [];
  const cspViolations = [];
  page.on('console', (m) => consoleLines.push(`${m.type()}: ${m.text()}`));
  page.on('pageerror', (e) => pageErrors.push(String(e)));

  const html = renderWebviewHtml({
    title: `NetLens ${app}`,
    cspSource: ORIGIN,
    nonce: makeNonce(),
    scriptUri: `${ORIGIN}/dist/webview/${app}.js`,
    styleUris: [`${ORIGIN}/dist/webview/codicon.css`],
    // The app's own policy, as its panel renders it (`policy` overrides it to test a refusal).
    wasm: opts.policy?.wasm ?? WEBVIEW_APPS[app].wasm,
    worker: opts.policy?.worker ?? WEBVIEW_APPS[app].worker,
    bodyAttrs: { 'data-webview-base': `${ORIGIN}/dist/webview/`, ...(opts.bodyAttrs ?? {}) },
    // The page's texts as the panel writes them (English unless a test asks for Korean).
    l10n: l10nFor(app, opts.lang ?? 'en'),
  });

  // Serve the page and the webview resource roots only (dist/webview, media), as VS Code does; everything else is 404.
  await context.route('**/*', async (route) => {
    const url = new URL(route.request().url());
    if (url.origin !== ORIGIN) return route.abort();
    if (url.pathname === '/index.html') {
      return route.fulfill({ status: 200, contentType: 'text/html', body: html });
    }
    const rel = normalize(decodeURIComponent(url.pathname)).replace(/^[/\\]+/, '');
    const allowed = WEBVIEW_RESOURCE_ROOTS.some((root) => rel.startsWith(`${join(root)}${sep}`));
    const file = join(repoRoot, rel);
    if (!allowed || !existsSync(file)) return route.fulfill({ status: 404, body: 'not found' });
    return route.fulfill({
      status: 200,
      contentType: MIME[extname(file)] ?? 'application/octet-stream',
      body: readFileSync(file),
    });
  });

  let hostHandler = null;
  const post = async (msg) => {
    await page.evaluate((m) => window.postMessage(m, '*'), msg);
  };
  await page.exposeFunction('__netlensToHost', async (msg) => {
    messagesFromWebview.push(msg);
    if (typeof opts.hostMessages === 'function') {
      await opts.hostMessages(msg, post);
    } else if (Array.isArray(opts.hostMessages) && msg && msg.type === 'ready') {
      for (const m of opts.hostMessages) await post(m);
    }
    if (hostHandler) await hostHandler(msg, post);
  });
  if (opts.disableWebGL) {
    // The flags above stop WebGL on <canvas>, but not always on OffscreenCanvas (which TF.js
    // prefers); a blocklisted driver looks like this to the page: getContext returns null.
    await page.addInitScript(() => {
      for (const proto of [globalThis.HTMLCanvasElement?.prototype, globalThis.OffscreenCanvas?.prototype]) {
        if (!proto) continue;
        const original = proto.getContext;
        proto.getContext = function (kind, ...rest) {
          return /webgl/i.test(String(kind)) ? null : original.call(this, kind, ...rest);
        };
      }
    });
  }
  await page.addInitScript((initialState) => {
    let state = initialState;
    let acquired = false;
    window.__netlensState = () => state;
    window.addEventListener('securitypolicyviolation', (e) => {
      (window.__cspViolations ??= []).push(`${e.violatedDirective} ${e.blockedURI}`);
    });
    window.acquireVsCodeApi = () => {
      // VS Code allows one acquisition per page; mirror that so a double call is caught here too.
      if (acquired) throw new Error('acquireVsCodeApi called twice');
      acquired = true;
      return Object.freeze({
        postMessage: (msg) => {
          window.__netlensToHost(JSON.parse(JSON.stringify(msg)));
        },
        getState: () => state,
        setState: (s) => {
          state = JSON.parse(JSON.stringify(s));
          return s;
        },
      });
    };
  }, opts.state ?? undefined);

  await page.goto(`${ORIGIN}/index.html`);

  async function waitForMessage(predicate, timeoutMs = 60_000) {
    const started = Date.now();
    for (;;) {
      const found = messagesFromWebview.find(predicate);
      if (found) return found;
      if (pageErrors.length) throw new Error(`page error while waiting: ${pageErrors.join('\n')}`);
      if (Date.now() - started > timeoutMs) {
        throw new Error(
          `no matching message from the webview in ${timeoutMs} ms; got types: ` +
            messagesFromWebview.map((m) => m?.type).join(', ') +
            `\nconsole:\n${consoleLines.slice(-20).join('\n')}`,
        );
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  return {
    page,
    context,
    messagesFromWebview,
    consoleLines,
    pageErrors,
    cspViolations,
    postToWebview: post,
    waitForMessage,
    /** Replaces the host's reply logic after opening (called for every webview message). */
    onMessage(handler) {
      hostHandler = handler;
    },
    async state() {
      return page.evaluate(() => window.__netlensState());
    },
    async cspViolationsNow() {
      return page.evaluate(() => window.__cspViolations ?? []);
    },
    async screenshot(name) {
      mkdirSync(artifactsDir, { recursive: true });
      const path = join(artifactsDir, `${name}.png`);
      await page.screenshot({ path, fullPage: true });
      return path;
    },
    async close() {
      await context.close().catch(() => {});
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
