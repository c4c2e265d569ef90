/**
 * The optimizer explorer's state and actions (Svelte 5 runes outside a component): the settings
 * (./config.ts), one OptimizerRun per ticked optimizer (./race.ts), their read-outs, and the play
 * loop. The loop steps in small batches within a frame's time budget and then waits for the next
 * frame, so TF.js never holds the page for long. The views (App.svelte and ./components) read
 * these fields and call these methods.
 */
import { parseHostToOptimizers, type HostToOptimizers, type OptimizersToHost, type SurfaceId } from '../../src/protocol/optimizers';
import { colorAt } from '../shared/colors';
import { onThemeChange } from '../shared/theme';
import { NoBackendError, startFirstBackend } from '../shared/tf/backend';
import { t } from '../shared/i18n.svelte';
import { OPTIMIZER_IDS, optimizerDef, type HyperName, type OptimizerId } from '../shared/tf/optimizers';
import { hostChannel, vscode } from '../shared/vscode';
import { yieldToPage } from '../shared/yieldToPage';
import { MAX_STEPS, clampToWindow, defaultConfig, restoreState, surfaceHypers, type ExplorerConfig } from './config';
import { contourLevels, contourSegments, evaluateGrid, type Grid, type Segment } from './contour';
import { OptimizerRun, type RunSnapshot } from './race';
import { surfaceDef, type Point, type SurfaceDef, type SurfaceParams } from './surfaces';

/** Grid points per side of the contour plot. */
const GRID_N = 72;
const LEVELS = 14;
/** Milliseconds of stepping per frame at most: the rest of the frame is the page's. */
const FRAME_BUDGET_MS = 8;

/** A thrown value as the page shows it: the backends none of which started, or TF.js's own message. */
function failure(err: unknown): () => string {
  if (err instanceof NoBackendError) return () => t('webview.backend.noneStarted', { backends: err.tried.join(', ') });
  const detail = err instanceof Error ? err.message : String(err);
  return () => t('optimizers.error', { detail });
}

export class OptimizersSession {
  private readonly channel = hostChannel<HostToOptimizers, OptimizersToHost>(parseHostToOptimizers);
  private runs: OptimizerRun[] = [];
  private playToken = 0;

  ui: ExplorerConfig = $state(restoreState(vscode().getState()));
  /** The TF.js backend; empty while it starts. */
  backend = $state('');
  /** What went wrong, rendered when shown (so it follows the page's language). */
  error: (() => string) | undefined = $state();
  grid: Grid | undefined = $state.raw();
  levels: number[] = $state.raw([]);
  contours: Segment[][] = $state.raw([]);
  snapshots: RunSnapshot[] = $state.raw([]);
  /** Bumped after every batch of steps and on theme changes: the plot redraws. */
  frame = $state(0);
  playing = $state(false);
  arrows = $state(true);
  /** True once TF.js has started and the first runs exist (tests wait on it). */
  ready = $state(false);

  readonly surface: SurfaceDef = $derived(surfaceDef(this.ui.surface));
  readonly startPoint: Point = $derived(this.ui.start ?? this.surface.start);
  readonly colorOf = (id: OptimizerId): string => colorAt(OPTIMIZER_IDS.indexOf(id));

  /** The longest run's step count (the cap applies to it). */
  get steps(): number {
    return Math.max(0, ...this.snapshots.map((s) => s.steps));
  }

  /** Installs the listeners, starts TF.js and the first runs, and says `ready`. Returns the cleanup. */
  start(): () => void {
    const offTheme = onThemeChange(() => this.frame++);
    const off = this.channel.listen((msg) => {
      if (msg.type === 'focusSurface') this.setSurface(msg.surface);
    });
    void this.boot();
    this.channel.post({ type: 'ready' });
    return () => {
      off();
      offTheme();
      this.pause();
      this.disposeRuns();
    };
  }

  private async boot(): Promise<void> {
    try {
      // Two-number tensors: on a GPU every step would be an upload and a read-back for nothing.
      this.backend = await startFirstBackend(['cpu']);
      this.rebuild();
    } catch (err) {
      this.error = failure(err);
    } finally {
      this.ready = true;
    }
  }

  private save(): void {
    vscode().setState($state.snapshot(this.ui));
  }

  private disposeRuns(): void {
    for (const run of this.runs) run.dispose();
    this.runs = [];
  }

  /** New runs from the current settings (and a new contour grid): everything starts again. */
  private rebuild(regrid = true): void {
    this.save();
    this.disposeRuns();
    try {
      const params: SurfaceParams = { ...this.ui.params };
      if (regrid) {
        const grid = evaluateGrid(this.surface, params, GRID_N);
        this.grid = grid;
        this.levels = contourLevels(grid.values, LEVELS);
        this.contours = this.levels.map((level) => contourSegments(grid, level));
      }
      const start = this.startPoint;
      this.runs = this.ui.enabled.map((id) => new OptimizerRun(id, { ...this.ui.hypers[id] }, this.surface, params, start));
      this.error = undefined;
    } catch (err) {
      this.error = failure(err);
    }
    this.publish();
  }

  private publish(): void {
    this.snapshots = this.runs.map((r) => r.snapshot());
    this.frame++;
  }

  /** Paths for the plot (the runs' own arrays: read during drawing only). */
  paths(): { id: OptimizerId; points: readonly Point[] }[] {
    return this.runs.map((r) => ({ id: r.id, points: r.path }));
  }

  private get finished(): boolean {
    return this.runs.every((r) => r.done) || this.steps >= MAX_STEPS;
  }

  step(count = 1): void {
    for (let i = 0; i < count && !this.finished; i++) for (const run of this.runs) run.step();
    this.publish();
  }

  readonly togglePlay = (): void => {
    if (this.playing) this.pause();
    else void this.play();
  };

  pause(): void {
    this.playing = false;
    this.playToken++;
  }

  private async play(): Promise<void> {
    const token = ++this.playToken;
    this.playing = true;
    while (this.playToken === token && !this.finished) {
      const t0 = performance.now();
      for (let i = 0; i < this.ui.speed && !this.finished && performance.now() - t0 < FRAME_BUDGET_MS; i++) {
        for (const run of this.runs) run.step();
      }
      this.publish();
      await nextFrame();
    }
    if (this.playToken === token) this.playing = false;
  }

  readonly reset = (): void => {
    this.pause();
    this.rebuild(false);
  };

  setSurface(surface: SurfaceId): void {
    if (surface === this.ui.surface) return;
    this.pause();
    this.ui.surface = surface;
    this.ui.start = undefined;
    this.ui.hypers = surfaceHypers(surface);
    this.rebuild();
  }

  setParam(key: keyof SurfaceParams, value: number): void {
    if (!Number.isFinite(value)) return;
    this.pause();
    this.ui.params[key] = value;
    // κ changes the picture; σ and the seed only the noise (the noisy bowl's contours stay).
    this.rebuild(key === 'kappa');
  }

  setStart(point: Point): void {
    this.pause();
    this.ui.start = clampToWindow(this.ui.surface, point);
    this.rebuild(false);
  }

  readonly resetStart = (): void => {
    this.pause();
    this.ui.start = undefined;
    this.rebuild(false);
  };

  toggle(id: OptimizerId, on: boolean): void {
    this.pause();
    this.ui.enabled = OPTIMIZER_IDS.filter((o) => (o === id ? on : this.ui.enabled.includes(o)));
    this.rebuild(false);
  }

  setHyper(id: OptimizerId, name: HyperName, value: number): void {
    if (!optimizerDef(id).hypers.includes(name)) return;
    this.pause();
    this.ui.hypers[id] = { ...this.ui.hypers[id], [name]: value };
    this.rebuild(false);
  }

  readonly restoreDefaults = (): void => {
    this.pause();
    const fresh = defaultConfig(this.ui.surface);
    this.ui.hypers = fresh.hypers;
    this.ui.params = fresh.params;
    this.ui.start = undefined;
    this.rebuild();
  };

  /**
   * Distill's "Why Momentum Really Works" optimal settings for ½(x² + κy²) (Hessian eigenvalues
   * 1 and κ): momentum α = (2/(1 + √κ))², β = ((√κ − 1)/(√κ + 1))²; gradient descent α = 2/(1 + κ).
   */
  readonly useDistillOptimum = (): void => {
    const k = this.ui.params.kappa;
    this.pause();
    this.ui.hypers.momentum = { ...this.ui.hypers.momentum, learningRate: (2 / (1 + Math.sqrt(k))) ** 2, momentum: ((Math.sqrt(k) - 1) / (Math.sqrt(k) + 1)) ** 2 };
    this.ui.hypers.sgd = { ...this.ui.hypers.sgd, learningRate: 2 / (1 + k) };
    this.rebuild(false);
  };

  setSpeed(speed: number): void {
    this.ui.speed = speed;
    this.save();
  }

}

/** Waits for the next animation frame, or a macrotask where frames do not come (a hidden page). */
function nextFrame(): Promise<void> {
  return new Promise((resolve) => {
    let done = false;
    const finish = () => {
      if (!done) {
        done = true;
        resolve();
      }
    };
    requestAnimationFrame(finish);
    // A hidden page gets no frames; keep going slowly rather than stall.
    setTimeout(() => void yieldToPage().then(finish), 100);
  });
}
