/**
 * The init lab's state and actions (Svelte 5 runes outside a component): the network and the
 * one or two initializers (saved with the panel), the engine that computes them, the results,
 * and the host's answers. The views (App.svelte, InitPicker.svelte, Histograms.svelte) read
 * these fields and call these methods. TF.js runs in the engine (./engineClient.ts starts it in
 * a worker); this page only asks and renders.
 */
import type { InitializerSpec } from '../../src/core/types';
import type { BackendPreference } from '../../src/protocol/common';
import { parseHostToInit, type HostToInit, type InitToHost } from '../../src/protocol/init';
import { colorAt } from '../shared/colors';
import { t } from '../shared/i18n.svelte';
import { LatestRunner } from '../shared/latest';
import { onThemeChange } from '../shared/theme';
import { hostChannel, vscode } from '../shared/vscode';
import { connectLabEngine, type BackendWhy, type LabEngineClient } from './engineClient';
import { LabError, labText, labTextOf, type LabText } from './labText';
import { gradChart, restoreLabState, resultKey, statsChart, type LabState } from './lab';
import { checkNetConfig, initStd, type LabResult, type NetConfig, type SymmetryResult } from './labConfig';
import { initLabel } from './presets';

export interface ShownResult {
  label: string;
  result: LabResult;
  color: string;
}

export interface SymmetryRun {
  a: SymmetryResult;
  b?: SymmetryResult;
  /** What it was run for (network and initializers): a run for anything else is cleared. */
  key: string;
  /** The widths it ran with, for the table's units column. */
  widths: number[];
  labelA: string;
  labelB?: string;
}

/**
 * The spec's network as the host sent it: taken (with the host's note on what was left out), or
 * not usable (the host's note, or what checkNetConfig found). The host renders its notes in the
 * current language; the page renders the rest.
 */
export interface SpecNote {
  /** The spec's file name ('' without a spec). */
  source: string;
  note?: string;
  problem?: LabText;
  taken?: boolean;
}

export class InitLabSession {
  private readonly channel = hostChannel<HostToInit, InitToHost>(parseHostToInit);

  /** Bumped when VS Code changes theme: chart and canvas colours are read from the theme. */
  themeTick = $state(0);
  ui: LabState = $state(restoreLabState(vscode().getState()));
  /** The engine's backend; empty while it starts. */
  backend = $state('');
  status = $state('starting');
  /** What went wrong, rendered by the page in its language. */
  error: LabText | undefined = $state();
  resultA: LabResult | undefined = $state();
  resultB: LabResult | undefined = $state();
  symmetry: SymmetryRun | undefined = $state();
  symmetryRunning = $state(false);
  useInitMessage: { ok: boolean; text: string } | undefined = $state();
  /** Where the network came from, or why the spec's could not be used. */
  specNote: SpecNote | undefined = $state();
  /** Tensors TF.js holds after the last recompute: constant from one recompute to the next (no leaks). */
  tensorsAlive = $state(0);
  /** Text fields for the network; applied when valid. */
  layersText = $state('');
  unitsText = $state('');
  /** Where the engine runs, for the read-out: 'worker' or 'page'. */
  engineWhere = $state('');
  /** Why the engine runs in the page (no worker). */
  engineNote: LabText | undefined = $state();
  engineWhy: BackendWhy | undefined = $state();

  readonly colors = $derived.by(() => {
    void this.themeTick;
    return [colorAt(0), colorAt(1)];
  });
  readonly uniform = $derived(this.ui.net.widths.every((w) => w === this.ui.net.widths[0]));
  readonly shown: ShownResult[] = $derived(
    [
      this.resultA && { label: `A: ${initLabel(this.resultA.init)}`, result: this.resultA, color: this.colors[0] },
      this.ui.compare && this.resultB ? { label: `B: ${initLabel(this.resultB.init)}`, result: this.resultB, color: this.colors[1] } : undefined,
    ].filter((x): x is ShownResult => !!x),
  );
  readonly stats = $derived.by(() => {
    void this.themeTick;
    return statsChart(this.shown, t);
  });
  readonly grads = $derived.by(() => {
    void this.themeTick;
    return gradChart(this.shown, t);
  });
  /**
   * True from the moment a change asks for a recompute until its result arrives: the histograms
   * and tables shown are then for the previous settings, and the page says so at once.
   */
  readonly outdated = $derived(
    this.shown.length > 0 &&
      (this.status === 'computing' ||
        (this.resultA !== undefined && resultKey(this.resultA.config, this.resultA.init) !== resultKey(this.ui.net, this.ui.a)) ||
        (this.ui.compare && this.resultB !== undefined && resultKey(this.resultB.config, this.resultB.init) !== resultKey(this.ui.net, this.ui.b))),
  );
  readonly anyGradient = $derived(this.shown.some((s) => s.result.layers.some((l) => l.gradNorm > 0)));

  private engine: LabEngineClient | undefined;
  /** The netlens.initLab.backend setting, as the host last sent it. */
  private preference: BackendPreference = 'auto';
  private engineStarts = 0;

  /** The last deepest-layer std of result A without and with batch normalization, per network and init. */
  private bnRuns = new Map<string, { without?: number; with?: number }>();

  private rememberBn(r: LabResult): void {
    const key = resultKey({ ...r.config, batchNorm: false }, r.init);
    const entry = this.bnRuns.get(key) ?? {};
    entry[r.config.batchNorm ? 'with' : 'without'] = r.layers[r.layers.length - 1].std;
    this.bnRuns.set(key, entry);
    if (this.bnRuns.size > 32) this.bnRuns.delete(this.bnRuns.keys().next().value!);
    this.bnCompare = entry.without !== undefined && entry.with !== undefined ? { layer: r.layers.length, without: entry.without, with: entry.with } : undefined;
  }

  /** Both numbers once the student has run the same network and init with and without the switch. */
  bnCompare: { layer: number; without: number; with: number } | undefined = $state();

  private readonly runner: LatestRunner<{ net: NetConfig; a: InitializerSpec; b?: InitializerSpec }, { a: LabResult; b: LabResult | undefined; numTensors: number }> = new LatestRunner(
    async (req) => {
      if (!this.engine) throw new LabError(labText('init.engine.notStarted'));
      const a = await this.engine.experiment(req.net, req.a);
      const b = req.b ? await this.engine.experiment(req.net, req.b) : undefined;
      return { a: a.result, b: b?.result, numTensors: (b ?? a).numTensors };
    },
    (out, _req, generation) => {
      this.resultA = out.a;
      this.rememberBn(out.a);
      if (out.b) this.resultB = out.b;
      this.tensorsAlive = out.numTensors;
      // Only the answer to the newest request may say "ready".
      if (generation === this.runner.requested) this.status = 'ready';
    },
    (err, _req, generation) => {
      // A request overtaken by a newer one (e.g. cut off by an engine restart) reports nothing.
      if (generation !== this.runner.requested) return;
      this.error = labTextOf(err);
      this.status = 'error';
    },
  );

  constructor() {
    this.layersText = String(this.ui.net.widths.length);
    this.unitsText = String(this.ui.net.widths[0]);
  }

  /** Installs the listeners, starts the engine and says `ready`. Returns the cleanup. */
  start(): () => void {
    const offTheme = onThemeChange(() => this.themeTick++);
    const off = this.channel.listen((msg) => {
      switch (msg.type) {
        case 'specNet':
          this.takeSpecNet(msg.source, msg.net, msg.note);
          break;
        case 'useInitResult':
          this.useInitMessage = { ok: msg.ok, text: msg.message };
          break;
        case 'settings':
          if (msg.backend !== this.preference) {
            this.preference = msg.backend;
            // Auto keeps whatever auto started; a named backend gets an engine of its own.
            if (this.preference !== 'auto' && this.engine?.backend !== this.preference) void this.startEngine();
          }
          break;
      }
    });
    void this.startEngine();
    this.channel.post({ type: 'ready' });
    return () => {
      off();
      offTheme();
      this.engine?.dispose();
    };
  }

  private takeSpecNet(source: string, net: Partial<NetConfig> | undefined, note: string | undefined): void {
    if (!net) {
      this.specNote = { source, note: note ?? '' };
      return;
    }
    const candidate: NetConfig = { ...this.ui.net, ...net };
    const problem = checkNetConfig(candidate);
    if (problem) {
      this.specNote = { source, problem };
      return;
    }
    this.specNote = { source, note, taken: true };
    this.layersText = String(candidate.widths.length);
    this.unitsText = String(candidate.widths[0]);
    this.setNet(candidate, source);
  }

  /** Starts an engine for the current preference, replacing the running one (only the newest start wins). */
  private async startEngine(): Promise<void> {
    const mine = ++this.engineStarts;
    if (this.engine) this.status = 'starting';
    try {
      const next = await connectLabEngine({ base: document.body.dataset.webviewBase ?? '', preference: this.preference });
      if (mine !== this.engineStarts) return next.dispose(labText('init.engine.replaced'));
      this.engine?.dispose(labText('init.engine.backendChanged'));
      this.engine = next;
      this.backend = next.backend;
      this.engineWhere = next.where;
      this.engineNote = next.note;
      this.engineWhy = next.why;
      this.recompute();
    } catch (err) {
      if (mine !== this.engineStarts) return;
      this.error = labTextOf(err);
      this.status = 'error';
    }
  }

  /** The key of a symmetry run for the current settings. */
  private symmetryKey(): string {
    return resultKey(this.ui.net, this.ui.a) + (this.ui.compare ? resultKey(this.ui.net, this.ui.b) : '');
  }

  /** Saves the state and asks the engine for the current experiment. */
  recompute(): void {
    vscode().setState($state.snapshot(this.ui));
    // A symmetry table from other settings (another network, init or compare mode) would be read
    // as this one's: it goes, and the button runs it again.
    if (this.symmetry && this.symmetry.key !== this.symmetryKey()) this.symmetry = undefined;
    const problem = checkNetConfig(this.ui.net);
    if (problem) {
      this.error = problem;
      this.status = 'error';
      return;
    }
    this.error = undefined;
    // Before the engine is up there is nothing to ask; its start-up recomputes with the latest state.
    if (!this.engine) return;
    this.status = 'computing';
    const snap = $state.snapshot(this.ui);
    this.runner.request({ net: snap.net, a: snap.a, b: snap.compare ? snap.b : undefined });
  }

  setNet(patch: Partial<NetConfig>, source = 'edited'): void {
    this.ui.net = { ...this.ui.net, ...patch };
    this.ui.source = source;
    this.recompute();
  }

  setInit(which: 'a' | 'b', spec: InitializerSpec): void {
    this.ui[which] = spec;
    this.recompute();
  }

  setSharedAxis(on: boolean): void {
    this.ui.sharedAxis = on;
    vscode().setState($state.snapshot(this.ui));
  }

  setCompare(on: boolean): void {
    this.ui.compare = on;
    this.recompute();
  }

  readonly applyShape = (): void => {
    const layers = Number(this.layersText);
    const units = Number(this.unitsText);
    const candidate = { ...this.ui.net, widths: Array(layers).fill(units) };
    const problem = Number.isInteger(layers) && Number.isInteger(units) ? checkNetConfig(candidate) : labText('init.net.wholeNumbers');
    if (problem) {
      this.error = problem;
      return;
    }
    this.setNet({ widths: candidate.widths });
  };

  readonly runSymmetry = async (): Promise<void> => {
    this.symmetryRunning = true;
    try {
      const snap = $state.snapshot(this.ui);
      if (!this.engine) throw new LabError(labText('init.engine.notStarted'));
      const a = await this.engine.symmetry(snap.net, snap.a);
      const b = snap.compare ? await this.engine.symmetry(snap.net, snap.b) : undefined;
      const key = resultKey(snap.net, snap.a) + (snap.compare ? resultKey(snap.net, snap.b) : '');
      // Settings changed while it trained: its rows belong to nothing shown any more.
      if (key !== this.symmetryKey()) return;
      this.symmetry = { a, b, key, widths: [...snap.net.widths], labelA: initLabel(snap.a), labelB: snap.compare ? initLabel(snap.b) : undefined };
    } catch (err) {
      this.error = labTextOf(err);
    } finally {
      this.symmetryRunning = false;
    }
  };

  /** "Use this init in my spec": the host edits the spec and answers with useInitResult. */
  readonly useInit = (): void => {
    this.useInitMessage = undefined;
    this.channel.post({ type: 'useInit', init: $state.snapshot(this.ui.a) });
  };

  readonly requestSpecNet = (): void => {
    this.channel.post({ type: 'requestSpecNet' });
  };

  /** The weight σ of layer 1 under `spec` (undefined for constants). */
  std0(spec: InitializerSpec): number | undefined {
    return initStd(spec, this.ui.net.inputSize, this.ui.net.widths[0]);
  }
}
