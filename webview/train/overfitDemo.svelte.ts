/**
 * The overfitting demo's state on the page (./overfitDemo.ts defines it; the engine trains it:
 * ./engine/overfitDemo.ts): the runs' per-epoch losses for the chart and their end results for
 * the table. The session gives it the engine and the shipped MNIST digits.
 */
import { imagesDataset, type ByteImages } from '../shared/training/datasets';
import type { DemoResult } from './engine/protocol';
import type { TrainEngineClient } from './engineClient';
import { DEMO_SEED, DEMO_TRAIN, DEMO_VALIDATION, demoRunName, demoRuns, type DemoRunId } from './overfitDemo';
import { t } from '../shared/i18n.svelte';

export interface DemoRow {
  id: DemoRunId;
  /** Per epoch: training (epoch mean, with dropout and augmentation as trained) and validation loss. */
  trainLoss: number[];
  valLoss: (number | null)[];
  result: DemoResult | null;
}

export class OverfitDemoState {
  rows = $state<DemoRow[]>([]);
  running = $state(false);
  status = $state<string | null>(null);
  message = $state<{ level: 'info' | 'error'; text: string } | null>(null);
  /** Bumped when the chart's data changed. */
  version = $state(0);

  constructor(
    private readonly engine: () => Promise<TrainEngineClient>,
    private readonly mnist: () => Promise<ByteImages>,
    /** Whether the panel is busy with another run (the demo then does not start). */
    private readonly panelBusy: () => boolean,
    private readonly stopEngineRun: () => void,
  ) {}

  async run(): Promise<void> {
    if (this.running || this.panelBusy()) return;
    this.running = true;
    this.message = null;
    const runs = demoRuns();
    this.rows = runs.map((r) => ({ id: r.id, trainLoss: [], valLoss: [], result: null }));
    this.version++;
    try {
      const src = await this.mnist();
      const picked = imagesDataset('mnist', src, [28, 28, 1], [...'0123456789'], DEMO_TRAIN + DEMO_VALIDATION, 7, t);
      if (!picked.ok) throw new Error(picked.reason);
      const ds = picked.value;
      const engine = await this.engine();
      this.status = t('train.demo.running', { run: demoRunName(runs[0].id, t), n: 1, total: runs.length });
      const done = await engine.overfitDemo({
        dataset: { kind: ds.kind, count: ds.count, sampleShape: [...ds.sampleShape], numClasses: ds.numClasses, xs: ds.xs, labels: ds.labels },
        inputShape: [28, 28, 1], lossMode: 'softmax', seed: DEMO_SEED,
        runs: runs.map((r) => ({ layers: r.layers, settings: r.settings })),
      }, (m) => {
        const row = 'run' in m ? this.rows[m.run] : undefined;
        if (!row) return;
        if (m.type === 'demoEpoch') {
          row.trainLoss = [...row.trainLoss, m.report.loss + (m.report.regLoss ?? 0)];
          row.valLoss = [...row.valLoss, m.report.valLoss ?? null];
          this.version++;
        } else if (m.type === 'demoRun') {
          row.result = m.result;
          const next = runs[m.run + 1];
          if (next) this.status = t('train.demo.running', { run: demoRunName(next.id, t), n: m.run + 2, total: runs.length });
        }
      });
      if (done.stopped) this.message = { level: 'info', text: t('train.demo.stopped') };
    } catch (err) {
      this.message = { level: 'error', text: t('train.demo.failed', { detail: err instanceof Error ? err.message : String(err) }) };
    } finally {
      this.running = false;
      this.status = null;
    }
  }

  stop(): void {
    if (this.running) this.stopEngineRun();
  }

  /** The chart's series: each run's validation loss, and the baseline's training loss, per epoch. */
  series(): { xs: number[]; ys: (number | null)[][] } {
    const epochs = Math.max(0, ...this.rows.map((r) => r.valLoss.length));
    const xs = Array.from({ length: epochs }, (_, i) => i + 1);
    const pad = (v: (number | null)[]) => xs.map((_, i) => v[i] ?? null);
    const base = this.rows[0];
    return { xs, ys: [pad(base?.trainLoss ?? []), ...this.rows.map((r) => pad(r.valLoss))] };
  }
}
