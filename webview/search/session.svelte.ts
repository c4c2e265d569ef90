/**
 * The search panel's state and actions (Svelte 5 runes outside a component): the spec from the
 * host, the form (./form.ts), the running search's plan (./search.ts planTrials) and its finished
 * trials, which the engine (./engine/engine.ts, in a Web Worker) trains one at a time. Every
 * finished trial is saved with setState (./persistence.ts): a reload keeps them and continues
 * with the next. No TF.js on the page.
 */
import { parseHostToSearch, type HostToSearch, type SearchToHost } from '../../src/protocol/search';
import type { TrainSpec } from '../../src/protocol/train';
import { lang, t } from '../shared/i18n.svelte';
import { hostChannel, vscode } from '../shared/vscode';
import type { ByteImages, Dataset, DatasetId } from '../shared/training/datasets';
import { lossModeFor } from '../shared/training/trainConfig';
import { pageSay } from '../shared/training/pageSay';
import { CifarSource } from '../shared/training/cifarSource';
import { defaultDataset, fetchMnist, prepareDataset } from './data';
import { connectSearchEngine, type SearchEngineClient } from './engineClient';
import type { EngineBackend } from './engine/protocol';
import { dataOf, defaultForm, formProblem, planOf, type SearchData, type SearchForm } from './form';
import { restoreSearch, type SavedSearch } from './persistence';
import { bestTrial, hasDropout, planTrials, spaceProblem, zoomIn, type SearchPlan, type Trial, type TrialResult } from './search';

export type Phase = 'idle' | 'running' | 'done' | 'stopped' | 'error';

export class SearchSession {
  private readonly channel = hostChannel<HostToSearch, SearchToHost>(parseHostToSearch);
  private engine: Promise<SearchEngineClient> | undefined;
  private mnist: Promise<ByteImages> | undefined;
  /** CIFAR-10 through the host, as the Train panel gets it (src/panels/cifarRequest.ts). */
  private readonly cifar = new CifarSource((pick, maxSamples) => this.channel.post({ type: 'loadCifar', pick, maxSamples }), pageSay);
  private dataset: { key: string; ds: Dataset } | undefined;
  private specUri: string | undefined;
  /** Set when the restored state says a search was running: it continues once the spec is here. */
  private resumeOnSpec = false;
  private stopRequested = false;

  spec: TrainSpec | null = $state.raw(null);
  form: SearchForm = $state(defaultForm('shapes'));
  active: { plan: SearchPlan; data: SearchData } | undefined = $state.raw();
  results: TrialResult[] = $state.raw([]);
  phase: Phase = $state('idle');
  /** The trial training now, and its latest epoch. */
  current: { trial: Trial; epoch: number } | undefined = $state.raw();
  /** What went wrong, rendered when shown (it follows the page's language). */
  error: (() => string) | undefined = $state();
  /** A note under the controls (a zoom, a restored search), rendered when shown. */
  note: (() => string) | undefined = $state();
  /** The engine's TF.js backend, and the order it was the first to start in (the badge's reason). */
  backend: EngineBackend | '' = $state('');
  backendOrder: readonly EngineBackend[] = $state.raw([]);
  where: 'worker' | 'page' | '' = $state('');
  /** Where the loaded CIFAR-10 images came from, once loaded. */
  cifarSource: string | null = $state(null);
  /** True while the host's folder dialog or CIFAR-10 read is awaited. */
  waitingCifar = $state(false);

  readonly dropoutAllowed = $derived(this.spec ? hasDropout(this.spec.layers) : false);
  readonly trials: Trial[] = $derived(this.active ? planTrials(this.active.plan) : []);
  readonly best: TrialResult | undefined = $derived(bestTrial(this.results));

  constructor() {
    const saved = restoreSearch(vscode().getState());
    if (saved.form) this.form = saved.form;
    this.specUri = saved.specUri;
    if (saved.active) {
      this.active = saved.active;
      this.results = saved.results ?? [];
      this.phase = this.results.length >= planTrials(saved.active.plan).length ? 'done' : 'stopped';
      this.resumeOnSpec = saved.running === true && this.phase !== 'done';
      this.note = () => t('search.restored', { n: this.results.length });
    }
    this.channel.listen((m) => this.onHost(m));
    this.channel.post({ type: 'ready' });
  }

  private onHost(m: HostToSearch): void {
    if (m.type === 'cifar') {
      this.cifar.onReply(m);
      return;
    }
    const firstSpec = this.spec === null;
    const changed = this.spec?.uri !== m.spec.uri;
    this.spec = m.spec;
    if (firstSpec && !this.specUri) this.form = { ...this.form, ...datasetDefaults(m.spec, this.form) };
    this.specUri = m.spec.uri;
    if (changed) this.dataset = undefined;
    this.save();
    if (this.resumeOnSpec) {
      this.resumeOnSpec = false;
      void this.run();
    }
  }

  setDataset(id: DatasetId): void {
    this.form = { ...defaultForm(id), strategy: this.form.strategy, trials: this.form.trials, seed: this.form.seed,
      lrMin: this.form.lrMin, lrMax: this.form.lrMax, l2Min: this.form.l2Min, l2Max: this.form.l2Max };
  }

  /** Opens the host's folder dialog for CIFAR-10 (saved in netlens.train.cifarPath) and loads it. */
  async pickCifarFolder(): Promise<void> {
    if (this.phase === 'running' || this.waitingCifar) return;
    this.waitingCifar = true;
    try {
      await this.cifar.load(this.form.samples, true);
      this.cifarSource = this.cifar.source;
      // The next search builds its samples from the new folder.
      this.dataset = undefined;
      this.error = undefined;
      const source = this.cifarSource ?? '';
      this.note = () => t('train.cifarLoaded', { source });
    } catch (err) {
      const text = err instanceof Error ? err.message : String(err);
      this.error = () => text;
    } finally {
      this.waitingCifar = false;
    }
  }

  /** Why Start cannot run now (rendered), or undefined. */
  startProblem(): string | undefined {
    if (!this.spec) return t('search.noSpec');
    if (this.spec.errors.length) return t('search.specErrors', { first: this.spec.errors[0] });
    if (!this.spec.inputShape) return t('search.noInput');
    const form = formProblem(this.form);
    if (form) return t(form);
    const space = spaceProblem(planOf(this.form, this.dropoutAllowed).space);
    return space ? t(space) : undefined;
  }

  /** Starts a new search from the form: the finished trials of the last one are dropped. */
  start(): void {
    if (this.phase === 'running') return;
    const problem = this.startProblem();
    if (problem) {
      this.error = () => problem;
      return;
    }
    this.active = { plan: planOf($state.snapshot(this.form) as SearchForm, this.dropoutAllowed), data: dataOf(this.form) };
    this.results = [];
    this.note = undefined;
    void this.run();
  }

  /** Continues the last search with its next unfinished trial. */
  resume(): void {
    if (this.phase !== 'running' && this.active) void this.run();
  }

  stop(): void {
    if (this.phase !== 'running') return;
    this.stopRequested = true;
    void this.engine?.then((e) => e.stop(), () => {});
  }

  /** Coarse-to-fine: the form's ranges become the span of the best quarter of the trials. */
  zoomIn(): void {
    if (!this.active) return;
    const space = zoomIn(this.active.plan.space, this.results);
    if (!space) return;
    const f = this.form;
    this.form = {
      ...f, lrMin: space.learningRate.min, lrMax: space.learningRate.max, l2Min: space.l2.min, l2Max: space.l2.max,
      ...(space.batchSize ? { searchBatch: true, batchChoices: space.batchSize } : {}),
      ...(space.dropout ? { searchDropout: true, dropoutMin: space.dropout.min, dropoutMax: space.dropout.max } : {}),
      seed: f.seed + 1,
    };
    this.note = () => t('search.zoomed');
    this.save();
  }

  /** "Use these settings": the best trial's settings to the host (the Train panel and the spec). */
  useBest(): void {
    const best = this.best;
    if (!best) return;
    this.channel.post({
      type: 'useSettings', learningRate: best.params.learningRate,
      ...(best.params.batchSize !== undefined ? { batchSize: best.params.batchSize } : this.active ? { batchSize: this.active.data.batchSize } : {}),
      l2: best.params.l2,
      ...(best.params.dropout !== undefined ? { dropout: best.params.dropout } : {}),
    });
    this.note = () => t('search.sentToTrain');
  }

  private connect(): Promise<SearchEngineClient> {
    this.engine ??= connectSearchEngine(document.body.dataset.webviewBase ?? '', lang(), t).then((e) => {
      this.backend = e.backend;
      this.backendOrder = e.order;
      this.where = e.where;
      return e;
    });
    // A failed start is not cached: the next Start tries again.
    this.engine.catch(() => (this.engine = undefined));
    return this.engine;
  }

  private async data(spec: TrainSpec, d: SearchData): Promise<Dataset> {
    const key = JSON.stringify([spec.uri, spec.inputShape, d.dataset, d.samples]);
    if (this.dataset?.key === key) return this.dataset.ds;
    const base = document.body.dataset.webviewBase ?? '';
    const ds = await prepareDataset(spec, d.dataset, d.samples, {
      mnist: () => (this.mnist ??= fetchMnist(base, pageSay)),
      cifar: async (count) => {
        const images = await this.cifar.load(count, false);
        this.cifarSource = this.cifar.source;
        return images;
      },
    }, pageSay);
    this.dataset = { key, ds };
    return ds;
  }

  private async run(): Promise<void> {
    const spec = this.spec;
    const active = this.active;
    if (!spec || !active || this.phase === 'running') return;
    this.phase = 'running';
    this.error = undefined;
    this.stopRequested = false;
    const trials = planTrials(active.plan);
    this.status();
    this.save();
    try {
      const engine = await this.connect();
      const ds = await this.data(spec, active.data);
      const { mode } = lossModeFor(spec.layers);
      for (const trial of trials) {
        if (this.results.some((r) => r.index === trial.index)) continue;
        if (this.stopRequested) break;
        this.current = { trial, epoch: 0 };
        const outcome = await engine.trial({
          trial, layers: spec.layers, inputShape: spec.inputShape ?? [], lossMode: mode, optimizer: active.data.optimizer,
          epochs: active.plan.epochs, batchSize: active.data.batchSize, validationSplit: active.data.validationSplit,
          dataset: { count: ds.count, sampleShape: ds.sampleShape, numClasses: ds.numClasses, xs: ds.xs, labels: ds.labels },
        }, (m) => (this.current = { trial, epoch: m.epoch }));
        if (outcome === 'stopped') break;
        this.results = [...this.results, outcome];
        this.save();
        this.status();
      }
      this.phase = this.results.length >= trials.length ? 'done' : 'stopped';
    } catch (err) {
      const text = err instanceof Error ? err.message : String(err);
      this.error = () => text;
      this.phase = 'error';
    } finally {
      this.current = undefined;
      this.save();
      this.status();
    }
  }

  private status(): void {
    const planned = this.trials.length;
    const state = this.phase;
    this.channel.post({ type: 'status', state, finished: this.results.length, planned, text: `${this.results.length}/${planned}` });
  }

  private save(): void {
    const state: SavedSearch = {
      v: 1,
      ...(this.specUri ? { specUri: this.specUri } : {}),
      form: $state.snapshot(this.form) as SearchForm,
      ...(this.active ? { active: this.active } : {}),
      results: this.results,
      running: this.phase === 'running' && !this.stopRequested,
    };
    vscode().setState(state);
  }
}

/** The form's dataset and its defaults for a newly arrived spec. */
function datasetDefaults(spec: TrainSpec, form: SearchForm): Partial<SearchForm> {
  const id = defaultDataset(spec, form.dataset);
  if (id === form.dataset) return {};
  const d = defaultForm(id);
  return { dataset: id, samples: d.samples, epochs: d.epochs };
}
