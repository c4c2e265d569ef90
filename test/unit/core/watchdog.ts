/**
 * Runs the core on specs in a worker thread under a generous watchdog, so a hang fails the test
 * that found it (naming the spec) instead of freezing the test run. The worker runs the core
 * bundled by esbuild from src/core, the same code the CLI and the extension run.
 */
import { buildSync } from 'esbuild';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';

const root = join(__dirname, '..', '..', '..');
let bundle: string | undefined;

/**
 * The worker: analyses each spec it is sent, reads every layer's explanation and formats the
 * summary (lazy text is code that could throw too), and answers with the spec's index, or the error.
 */
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
parentPort.on('message', (msg) => {
  const { texts } = msg;
  for (let i = 0; i < texts.length; i++) {
    try {
      const a = core.analyze(texts[i]);
      for (const l of a.layers) JSON.stringify(l);
      core.formatSummary(a);
      parentPort.postMessage({ i });
    } catch (e) {
      parentPort.postMessage({ i, error: String(e && e.stack || e) });
    }
  }
  parentPort.postMessage({ done: true });
});
`;

function workerCode(): string {
  if (!bundle) {
    const r = buildSync({
      stdin: { contents: "export * from './src/core';", resolveDir: root, loader: 'ts' },
      bundle: true, write: false, format: 'iife', globalName: 'core', platform: 'neutral', target: 'es2022', logLevel: 'error',
    });
    bundle = r.outputFiles[0].text;
  }
  return bundle + WORKER_SOURCE;
}

export interface WatchdogResult {
  /** Index and error of each spec on which the core threw. */
  threw: Array<{ index: number; error: string }>;
  /** Index of the spec still running when the watchdog fired, if any. */
  hung?: number;
}

/**
 * Analyses `texts` in order in one worker; when no spec finishes within `limitMs` the worker is
 * terminated and the running spec is reported as hung. `limitMs` is a watchdog, not a speed target.
 */
export function analyzeUnderWatchdog(texts: string[], limitMs = 10_000): Promise<WatchdogResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(workerCode(), { eval: true });
    const threw: WatchdogResult['threw'] = [];
    let next = 0;
    let timer: NodeJS.Timeout;
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        void worker.terminate();
        resolve({ threw, hung: next });
      }, limitMs);
    };
    worker.on('message', (m: { i?: number; error?: string; done?: boolean }) => {
      if (m.done) {
        clearTimeout(timer);
        void worker.terminate();
        resolve({ threw });
        return;
      }
      if (m.error) threw.push({ index: m.i!, error: m.error });
      next = m.i! + 1;
      arm();
    });
    worker.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    arm();
    worker.postMessage({ texts });
  });
}
