/**
 * The activation explorer's state and actions (Svelte 5 runes outside a component): what is
 * ticked, the computed curves, read-outs and measurements, and the runs that fill them. The
 * views (App.svelte, DeadRelu.svelte, Zigzag.svelte) read these fields and call these methods.
 * Every computation runs in the explorer's engine (./engineClient.ts, normally Web Workers; the
 * maths is in ./engine/): the page holds no TF.js, and a request made while the same kind of
 * computation runs waits for it, replaced by any newer one (latest wins).
 */
import type uPlot from 'uplot';
import { parseHostToActivations, type ActivationsToHost, type HostToActivations } from '../../src/protocol/activations';
import { colorAt } from '../shared/colors';
import { LatestRunner } from '../shared/latest';
import { onThemeChange } from '../shared/theme';
import { hostChannel, vscode } from '../shared/vscode';
import { curvelessActivations, type CurveDef, type CurveId, type CurveParams } from './curves';
import {
  CURVES, ChartSpecCache, costMethodFor, paramsFor, restoreState,
  type Cost, type CurveResult, type ExplorerState, type Measure,
} from './explorer';
import { gpuRenderer, isSoftwareRenderer } from '../shared/gpu';
import { SupersededError, connectActivationsEngines, type ActivationsEngineClient, type ActivationsEngines } from './engineClient';
import type { DeadReluResult, PreluRunResult, ZigzagResult } from './demos';
import type { EngineBackend } from './engine/protocol';
import { RaceSession } from './raceSession.svelte';
import { t } from '../shared/i18n.svelte';

/** Where a measurement or training run stands (the page words it: App.svelte). */
export type RunStatus = 'waiting' | 'running' | 'done' | 'failed';

export interface ReadoutRow {
  id: CurveId;
  f: number;
  df: number;
}

export class ActivationsSession {
  private readonly channel = hostChannel<HostToActivations, ActivationsToHost>(parseHostToActivations);
  private readonly chartCache = new ChartSpecCache();

  /** Bumped when VS Code changes theme: chart and canvas colours are read from the theme. */
  themeTick = $state(0);
  ui: ExplorerState = $state(restoreState(vscode().getState()));
  /** The TF.js backend the explorer's curves and measurements run on (in its engine); empty while it starts. */
  backend = $state('');
  /** The last run's failure as thrown (the page words it: failureText in ./explorer.ts); empty when none. */
  error = $state('');
  results: CurveResult[] = $state([]);
  measures: Partial<Record<CurveId, Measure>> = $state({});
  costs: Partial<Record<CurveId, Cost>> = $state({});
  costStatus: RunStatus = $state('waiting');
  /** Why the cost run failed, as thrown. */
  costFailure: unknown = $state();
  cpuCosts: Partial<Record<CurveId, Cost>> = $state({});
  cpuStatus: RunStatus = $state('waiting');
  cpuFailure: unknown = $state();
  /** True when WebGL runs on a CPU emulation (SwiftShader): its column is then no GPU's. */
  webglEmulated = $state(false);
  /** The backend the first cost column was timed on (in the engine), once measured. */
  costBackend: EngineBackend | undefined = $state();
  /** Where the engine runs the race and the cost timings: 'worker', 'page' (fallback), or '' while starting. */
  engineWhere = $state('');
  engineBackend = $state('');
  /** Why the engine runs in the page, when it does (the worker's error). */
  engineNote = $state('');
  private engines: ActivationsEngines | undefined;
  /** The activation race (Race.svelte); it runs in the engine. */
  readonly race = new RaceSession(() => this.connectEngines().race);
  prelu: PreluRunResult | undefined = $state();
  preluStatus: RunStatus = $state('waiting');
  preluFailure: unknown = $state();
  /** PReLU trainings finished so far (tests wait on it). */
  preluRuns = $state(0);
  readoutX = $state(0);
  readout: { x: number; rows: ReadoutRow[] } = $state({ x: 0, rows: [] });
  hover: { x: number; rows: ReadoutRow[] } | undefined = $state();
  /** True once the first round of measurements has finished (tests wait on it). */
  ready = $state(false);

  readonly curveless = curvelessActivations();
  readonly selectedCurves = $derived(this.ui.selected.map((id) => CURVES.find((c) => c.id === id)).filter((c): c is CurveDef => !!c));
  readonly colorOf = (id: CurveId): string => colorAt(Math.max(0, this.ui.selected.indexOf(id)));
  readonly spec = $derived(this.chartCache.spec(this.results, this.colorOf, this.themeTick));

  /** A failed computation's reason for the page; a superseded one is no failure (a newer one answers). */
  private readonly failed = (err: unknown): void => {
    if (!(err instanceof SupersededError)) this.error = String(err);
  };
  private readonly curveRunner = new LatestRunner(
    async (curves: CurveDef[]) => (await this.explorer()).curves(curves.map((curve) => ({ id: curve.id, params: this.effectiveParams(curve) }))),
    (out) => (this.results = out),
    this.failed,
  );
  private readonly readoutRunner = new LatestRunner(
    async ({ x, curves }: { x: number; curves: CurveDef[] }) => (await this.explorer()).readout(x, curves.map((c) => ({ id: c.id, params: this.effectiveParams(c) }))),
    (out) => (this.readout = out),
    this.failed,
  );
  /** One runner per curve: a dragged slider re-measures its curve once for the latest value, not once per step. */
  private readonly measureRunners = new Map<CurveId, LatestRunner<CurveDef, Measure>>();
  /** Who waits for each curve's runner to be idle (the opening measurements, one curve at a time). */
  private readonly measureIdle = new Map<CurveId, (() => void)[]>();

  /** Installs the listeners, starts TF.js and the first measurements, and says `ready`. Returns the cleanup. */
  start(): () => void {
    const offTheme = onThemeChange(() => this.themeTick++);
    const off = this.channel.listen((msg) => {
      if (msg.type === 'focusActivation' && CURVES.some((c) => c.id === msg.name) && !this.ui.selected.includes(msg.name)) this.toggle(msg.name, true);
    });
    const engines = this.connectEngines();
    void engines.race.catch((err: unknown) => (this.error = String(err)));
    void this.firstRun();
    this.channel.post({ type: 'ready' });
    return () => {
      off();
      offTheme();
      for (const engine of new Set([engines.race, engines.explorer])) void engine.then((e) => e.dispose(), () => {});
    };
  }

  /** The engines (Web Workers, or the page where none can start), started once. */
  private connectEngines(): ActivationsEngines {
    if (this.engines) return this.engines;
    const engines = connectActivationsEngines({ base: document.body.dataset.webviewBase ?? '', say: t });
    this.engines = {
      race: engines.race.then((e) => {
        this.engineWhere = e.where;
        this.engineBackend = e.backend;
        this.engineNote = e.workerError ?? '';
        return e;
      }),
      explorer: engines.explorer.then((e) => {
        this.backend = e.backend;
        return e;
      }),
    };
    return this.engines;
  }

  /** The engine of the explorer's own computations. */
  private explorer(): Promise<ActivationsEngineClient> {
    return this.connectEngines().explorer;
  }

  private async firstRun(): Promise<void> {
    try {
      await this.explorer();
      const renderer = this.backend === 'webgl' ? gpuRenderer() : undefined;
      this.webglEmulated = renderer !== undefined && isSoftwareRenderer(renderer);
      this.refresh();
      // Measurements in order, one at a time, so they do not compete for the GPU.
      for (const curve of CURVES) await this.remeasure(curve);
      await this.runPrelu();
      await this.runCost();
    } catch (err) {
      this.error = String(err);
    } finally {
      this.ready = true;
    }
  }

  /** The parameters a curve is drawn with: PReLU uses the learned α once the run has finished. */
  effectiveParams(curve: CurveDef): CurveParams {
    const p = paramsFor(this.ui, curve);
    if (curve.id === 'prelu' && this.prelu && this.ui.params.prelu?.alpha === undefined) p.alpha = this.prelu.alpha;
    return p;
  }

  private refresh(): void {
    vscode().setState($state.snapshot(this.ui));
    this.curveRunner.request(this.selectedCurves);
    this.readoutRunner.request({ x: this.readoutX, curves: this.selectedCurves });
  }

  toggle(id: CurveId, on: boolean): void {
    this.ui.selected = on ? [...this.ui.selected.filter((s) => s !== id), id] : this.ui.selected.filter((s) => s !== id);
    this.refresh();
  }

  setParam(curve: CurveDef, key: keyof CurveParams, value: number): void {
    if (!Number.isFinite(value)) return;
    this.ui.params[curve.id] = { ...(this.ui.params[curve.id] ?? {}), [key]: value };
    this.refresh();
    void this.remeasure(curve);
  }

  resetParams(curve: CurveDef): void {
    delete this.ui.params[curve.id];
    this.refresh();
    void this.remeasure(curve);
  }

  setReadoutX(x: number): void {
    if (!Number.isFinite(x)) return;
    this.readoutX = x;
    this.readoutRunner.request({ x, curves: this.selectedCurves });
  }

  /**
   * Measures `curve` with its current parameters (latest wins: while its measurement runs, newer
   * requests replace each other); resolves once its runner is idle again.
   */
  private remeasure(curve: CurveDef): Promise<void> {
    let runner = this.measureRunners.get(curve.id);
    if (!runner) {
      const idle: (() => void)[] = [];
      runner = new LatestRunner(
        async (c: CurveDef) => (await this.explorer()).measure({ id: c.id, params: this.effectiveParams(c) }),
        (m) => (this.measures[m.id] = m),
        this.failed,
        () => idle.splice(0).forEach((resolve) => resolve()),
      );
      this.measureIdle.set(curve.id, idle);
      this.measureRunners.set(curve.id, runner);
    }
    const done = new Promise<void>((resolve) => this.measureIdle.get(curve.id)!.push(resolve));
    runner.request(curve);
    return done;
  }

  /** The dead-ReLU demo (DeadRelu.svelte) at one learning rate, in the engine. */
  readonly deadRelu = async (learningRate: number): Promise<DeadReluResult> => (await this.explorer()).deadRelu(learningRate);

  /** The zig-zag demo (Zigzag.svelte), in the engine. */
  readonly zigzag = async (positiveInputs: boolean, target: [number, number]): Promise<ZigzagResult> => (await this.explorer()).zigzag(positiveInputs, target);

  readonly runPrelu = async (): Promise<void> => {
    this.preluStatus = 'running';
    try {
      this.prelu = await (await this.explorer()).prelu();
      this.preluStatus = 'done';
      this.preluRuns++;
      const curve = CURVES.find((c) => c.id === 'prelu');
      if (curve) await this.remeasure(curve);
      this.refresh();
    } catch (err) {
      this.preluFailure = err;
      this.preluStatus = 'failed';
    }
  };

  /**
   * Both cost columns, timed in the engine (a Web Worker) one after the other so they never
   * compete: first on WebGL where the page has it (the engine's own WebGL context, on the same GPU;
   * the GPU method unless WebGL is emulated), else on the engine's backend; then on TF.js's CPU
   * backend. The engine says which backend it actually timed, and the column is named after that.
   */
  readonly runCost = async (): Promise<void> => {
    const curves = CURVES.map((curve) => ({ id: curve.id, params: this.effectiveParams(curve) }));
    this.costStatus = 'running';
    try {
      const engine = await this.connectEngines().race;
      const wanted: EngineBackend = this.backend === 'webgl' ? 'webgl' : engine.backend;
      const renderer = engine.renderer ?? gpuRenderer();
      const onGpu = wanted === 'webgl' && !(renderer !== undefined && isSoftwareRenderer(renderer));
      const m = await engine.cost(wanted, curves, costMethodFor(onGpu ? 'gpu' : 'cpu'));
      this.costBackend = m.backend;
      this.webglEmulated = m.backend === 'webgl' && renderer !== undefined && isSoftwareRenderer(renderer);
      this.costs = Object.fromEntries(m.costs);
      this.costStatus = 'done';
      if (m.backend === 'cpu') {
        this.cpuCosts = this.costs;
        this.cpuStatus = 'done';
        return;
      }
    } catch (err) {
      this.costFailure = err;
      this.costStatus = 'failed';
    }
    this.cpuStatus = 'running';
    try {
      const engine = await this.connectEngines().race;
      const m = await engine.cost('cpu', curves, costMethodFor('cpu'));
      if (m.backend !== 'cpu') throw new Error(t('activations.engine.noCpu', { backend: m.backend }));
      this.cpuCosts = Object.fromEntries(m.costs);
      this.cpuStatus = 'done';
    } catch (err) {
      this.cpuFailure = err;
      this.cpuStatus = 'failed';
    }
  };

  /** The chart's cursor drives the hover read-out. */
  readonly onchart = (chart: uPlot | undefined): void => {
    if (!chart) return;
    chart.hooks.setCursor = [
      ...(chart.hooks.setCursor ?? []),
      (u: uPlot) => {
        const idx = u.cursor.idx;
        if (idx == null) return (this.hover = undefined);
        this.hover = {
          x: u.data[0][idx] as number,
          rows: this.results.map((r) => ({ id: r.id, f: r.values.f[idx], df: r.values.df[idx] })),
        };
      },
    ];
  };
}
