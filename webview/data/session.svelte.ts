/**
 * The data explorer's state and actions (Svelte 5 runes outside a component): the chosen dataset,
 * its split and the demo's momentum (saved with the panel), the engine that computes everything,
 * the results, and the host's CIFAR-10 answers. The views (App.svelte, components/) read these
 * fields and call these methods; the engine (./engineClient.ts) runs in a worker.
 */
import { parseHostToData, type DataToHost, type HostToData } from '../../src/protocol/data';
import type { CifarPayload } from '../../src/protocol/train';
import { t } from '../shared/i18n.svelte';
import { CifarSource } from '../shared/training/cifarSource';
import { hostChannel, vscode } from '../shared/vscode';
import { BN_MOMENTA, type BnDemoResult } from './bnDemo';
import { connectDataEngine, type DataEngineClient } from './engineClient';
import type { StatsResult } from './explore';
import { isBnMomentum, isDatasetId, MAX_SAMPLES } from './engine/protocol';
import { DATA_DATASETS, restoreDataState, VALIDATION_SPLITS, type DataDatasetId, type DataState } from './dataState';

export class DataSession {
  private readonly channel = hostChannel<HostToData, DataToHost>(parseHostToData);
  private engine: DataEngineClient | undefined;
  private mnist: Uint8Array | undefined;
  /** One CIFAR-10 request at a time; its replies arrive through onHost. */
  private readonly cifar = new CifarSource((pick, maxSamples) => this.channel.post({ type: 'loadCifar', pick, maxSamples: Math.min(MAX_SAMPLES, maxSamples) }));
  /** Bumped per request: an answer for an older choice is dropped. */
  private statsTicket = 0;

  ui: DataState = $state(restoreDataState(vscode().getState()));
  status: 'starting' | 'computing' | 'ready' | 'error' = $state('starting');
  bnStatus: 'idle' | 'computing' | 'ready' | 'error' = $state('idle');
  backend = $state('');
  where = $state('');
  stats: StatsResult | undefined = $state();
  /** The dataset and split the shown statistics belong to. */
  statsFor: { dataset: DataDatasetId; samples: number; validationSplit: number } | undefined = $state();
  bn: BnDemoResult | undefined = $state();
  bnTensors = $state(0);
  error = $state('');
  bnError = $state('');
  cifarSource = $state('');
  /** How long the last statistics took, end to end (the browser test's freeze check reads it). */
  computeMs = $state(0);

  readonly datasets = DATA_DATASETS;
  readonly splits = VALIDATION_SPLITS;
  readonly momenta = BN_MOMENTA;

  async start(): Promise<void> {
    this.channel.listen((m) => this.onHost(m));
    this.channel.post({ type: 'ready' });
    try {
      this.engine = await connectDataEngine(document.body.dataset.webviewBase ?? '', t);
      this.backend = this.engine.backend;
      this.where = this.engine.where;
    } catch (err) {
      this.status = 'error';
      this.error = err instanceof Error ? err.message : String(err);
      return;
    }
    await Promise.all([this.compute(), this.runBatchNorm()]);
  }

  private onHost(m: HostToData): void {
    if (m.type === 'cifar') this.cifar.onReply(m);
  }

  private save(): void {
    vscode().setState($state.snapshot(this.ui));
  }

  setDataset(id: string): void {
    if (!isDatasetId(id)) return;
    this.ui.dataset = id;
    this.ui.samples = DATA_DATASETS.find((d) => d.id === id)!.defaultCount;
    this.save();
    void this.compute();
  }

  setSamples(n: number): void {
    const max = DATA_DATASETS.find((d) => d.id === this.ui.dataset)!.maxCount;
    if (!Number.isFinite(n)) return;
    this.ui.samples = Math.max(10, Math.min(max, Math.floor(n)));
    this.save();
    void this.compute();
  }

  setValidationSplit(f: number): void {
    if (!VALIDATION_SPLITS.includes(f)) return;
    this.ui.validationSplit = f;
    this.save();
    void this.compute();
  }

  setSkew(on: boolean): void {
    this.ui.skew = on;
    this.save();
    void this.compute();
  }

  setMomentum(m: number): void {
    if (!isBnMomentum(m)) return;
    this.ui.momentum = m;
    this.save();
    void this.runBatchNorm();
  }

  /** Another draw of the demo's batches. */
  reseed(): void {
    this.ui.bnSeed = (this.ui.bnSeed + 1) % 1_000_000;
    this.save();
    void this.runBatchNorm();
  }

  /** The student picks another CIFAR-10 folder (the dialog even when the setting is set). */
  pickCifar(): void {
    this.cifar.forgetPayload();
    void this.compute(true);
  }

  private async loadMnist(): Promise<Uint8Array> {
    if (this.mnist) return this.mnist;
    const base = document.body.dataset.webviewBase ?? '';
    const res = await fetch(`${base}mnist-digits.bin`);
    if (!res.ok) throw new Error(t('data.mnistUnreadable', { status: res.status }));
    this.mnist = new Uint8Array(await res.arrayBuffer());
    return this.mnist;
  }

  private async loadCifar(count: number, pick: boolean): Promise<CifarPayload> {
    const payload = await this.cifar.loadPayload(count, pick);
    this.cifarSource = payload.source;
    return payload;
  }

  async compute(pickCifar = false): Promise<void> {
    const engine = this.engine;
    if (!engine) return;
    const ticket = ++this.statsTicket;
    const { dataset, samples, validationSplit, skew } = $state.snapshot(this.ui);
    this.status = 'computing';
    this.error = '';
    try {
      const extra = dataset === 'mnist' ? { mnist: await this.loadMnist() } : dataset === 'cifar' ? { cifar: await this.loadCifar(samples, pickCifar) } : {};
      const started = performance.now();
      const result = await engine.stats({ dataset, samples, validationSplit, skew, ...extra });
      this.computeMs = performance.now() - started;
      if (ticket !== this.statsTicket) return;
      this.stats = result;
      this.statsFor = { dataset, samples, validationSplit };
      this.status = 'ready';
    } catch (err) {
      if (ticket !== this.statsTicket) return;
      this.status = 'error';
      this.error = err instanceof Error ? err.message : String(err);
    }
  }

  async runBatchNorm(): Promise<void> {
    const engine = this.engine;
    if (!engine) return;
    this.bnStatus = 'computing';
    this.bnError = '';
    try {
      const { result, numTensors } = await engine.batchNorm(this.ui.momentum, this.ui.bnSeed);
      if (result.momentum !== this.ui.momentum) return;
      this.bn = result;
      this.bnTensors = numTensors;
      this.bnStatus = 'ready';
    } catch (err) {
      this.bnStatus = 'error';
      this.bnError = err instanceof Error ? err.message : String(err);
    }
  }

  dispose(): void {
    this.engine?.dispose();
  }
}
