/**
 * WebviewPanelHost: what every NetLens panel needs from its webview, in one place. It writes
 * the page (strict CSP, src/webview-host/html.ts), validates every incoming message with the
 * app's parser (src/protocol/<app>.ts), owns the `ready` flag and the queue of messages posted
 * before the page listens, logs (capped) what it drops, and disposes everything with the panel.
 * Each panel file in src/panels/ keeps only its own behaviour.
 */
import * as vscode from 'vscode';
import { capText, type Envelope } from '../protocol/common';
import { l10nFor, type WebviewApp } from './html';
import { currentLang, onDidChangeLang } from '../displayLanguage';
import { panelHtml, webviewOptions } from './panel';
import { ReadyGate } from './readyGate';

/** Where a panel's lines go: a LogOutputChannel, or the console for panels without one. */
export interface PanelLog {
  info(text: string): void;
  warn(text: string): void;
  error(text: string): void;
}

const consoleLog: PanelLog = {
  info: (t) => console.log(t),
  warn: (t) => console.warn(t),
  error: (t) => console.error(t),
};

export interface WebviewPanelHostOptions<In extends Envelope> {
  /** The webview app: dist/webview/<app>.js under that app's policy (WEBVIEW_APPS). */
  app: WebviewApp;
  extensionUri: vscode.Uri;
  /** The app's `parse<App>ToHost`: rebuilds a message or rejects it. */
  parse: (raw: unknown) => In | undefined;
  /** Called with every valid message, `ready` included (after the queue is sent). */
  onMessage: (msg: In) => void | Promise<void>;
  /** True only for a panel that cannot restore itself from its saved state (a run in progress). */
  retainContextWhenHidden?: boolean;
  log?: PanelLog;
  /** Runs once when the panel closes, before the host's own disposables go. */
  onDispose?: () => void;
}

export class WebviewPanelHost<Out extends Envelope, In extends Envelope> implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private readonly gate: ReadyGate<Out>;
  private readonly log: PanelLog;
  private readonly retained: boolean;
  private isDisposed = false;

  constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly options: WebviewPanelHostOptions<In>,
  ) {
    this.log = options.log ?? consoleLog;
    this.retained = options.retainContextWhenHidden ?? false;
    const webview = panel.webview;
    this.gate = new ReadyGate<Out>((msg) => void webview.postMessage(msg));
    webview.options = webviewOptions(options.extensionUri, this.retained);
    webview.html = panelHtml(webview, options.extensionUri, { app: options.app });
    this.disposables.push(
      webview.onDidReceiveMessage((raw: unknown) => this.receive(raw)),
      panel.onDidDispose(() => this.dispose()),
      // A language change reaches an open page at once (webview/shared/i18n.svelte.ts re-renders it).
      onDidChangeLang((lang) => {
        if (this.ready) void webview.postMessage(l10nFor(options.app, lang));
      }),
      panel.onDidChangeViewState(() => {
        // Without retainContextWhenHidden a hidden page is destroyed; the new one says ready again.
        // The panel's own options decide (a panel restored from an older session keeps its own).
        const retained = panel.options.retainContextWhenHidden ?? this.retained;
        if (!retained && !panel.visible) this.gate.closed();
      }),
    );
  }

  /** True once the page said `ready` (and is still alive). */
  get ready(): boolean {
    return this.gate.isOpen && !this.isDisposed;
  }

  get disposed(): boolean {
    return this.isDisposed;
  }

  /**
   * Sends a message now, or after `ready` when the page is not listening yet. Until then only
   * the latest message of each type is kept: every host message states what is current.
   */
  post(msg: Out): void {
    if (!this.isDisposed) this.gate.post(msg);
  }

  /** Adds disposables that live as long as the panel (listeners the panel file installs). */
  track(...items: vscode.Disposable[]): void {
    if (this.isDisposed) for (const d of items) d.dispose();
    else this.disposables.push(...items);
  }

  info(text: string): void {
    this.log.info(capText(text));
  }

  warn(text: string): void {
    this.log.warn(capText(text));
  }

  error(text: string): void {
    this.log.error(capText(text));
  }

  private receive(raw: unknown): void {
    if (this.isDisposed) return;
    const msg = this.options.parse(raw);
    if (!msg) {
      this.warn(`NetLens: ignored a malformed webview message: ${preview(raw)}`);
      return;
    }
    if (msg.type === 'ready') {
      // The page was written with the language of its render; the reply to `ready` carries the
      // current one (the setting may have changed while the page was hidden or loading).
      void this.panel.webview.postMessage(l10nFor(this.options.app, currentLang()));
      this.gate.opened();
    }
    Promise.resolve()
      .then(() => this.options.onMessage(msg))
      .catch((err: unknown) => this.error(`NetLens: webview message handler failed: ${String(err)}`));
  }

  dispose(): void {
    if (this.isDisposed) return;
    this.isDisposed = true;
    this.gate.clear();
    this.gate.closed();
    this.options.onDispose?.();
    this.panel.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}

/** A short, single-line preview of a rejected message for the log. */
export function preview(raw: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(raw) ?? String(raw);
  } catch {
    text = String(raw);
  }
  return capText(text.replace(/[\u0000-\u001f\u007f-\u009f]/g, ' '), 200);
}
