/**
 * The activation race's state and actions (Svelte 5 runes outside a component): which network and
 * activations are chosen, the runs as they arrive from the engine, and the result. The race itself
 * runs in the explorer's engine (./engineClient.ts, normally a Web Worker); Race.svelte only views.
 */
import type { ActivationName } from '../../src/core/types';
import type { ActivationsEngineClient } from './engineClient';
import { RACE_ACTIVATIONS, RACE_PRESETS, type RacePreset, type RaceResult, type RaceRun } from './race';

/** How often the live table and curves are redrawn during a race. */
const SHOW_EVERY_MS = 250;

export class RaceSession {
  preset: RacePreset = $state('mlp');
  chosen: ActivationName[] = $state(['sigmoid', 'tanh', 'relu']);
  running = $state(false);
  stopping = $state(false);
  error = $state('');
  result: RaceResult | undefined = $state();
  /** Runs so far, including the one in progress (its checks arrive live). */
  live: RaceRun[] = $state([]);
  /** Where the last race ran: 'worker' or 'page' (the fallback). */
  where = $state('');

  readonly settings = $derived(RACE_PRESETS[this.preset]);

  constructor(private readonly engine: () => Promise<ActivationsEngineClient>) {}

  toggle(a: ActivationName, on: boolean): void {
    this.chosen = on ? [...this.chosen.filter((x) => x !== a), a] : this.chosen.filter((x) => x !== a);
  }

  readonly run = async (): Promise<void> => {
    this.running = true;
    this.stopping = false;
    this.error = '';
    this.result = undefined;
    this.live = [];
    const order = RACE_ACTIVATIONS.filter((a) => this.chosen.includes(a));
    try {
      const engine = await this.engine();
      this.where = engine.where;
      // Checks can arrive many times a second: show the latest of each run at most every
      // SHOW_EVERY_MS, so redrawing the table and the chart stays a small part of the page's time.
      // A timer, not requestAnimationFrame: a hidden webview gets no frames.
      const latest = new Map<ActivationName, RaceRun>();
      let timer: ReturnType<typeof setTimeout> | undefined;
      const show = () => {
        timer = undefined;
        let live = this.live;
        for (const run of latest.values()) {
          const i = live.findIndex((x) => x.activation === run.activation);
          live = i < 0 ? [...live, run] : live.map((x, j) => (j === i ? run : x));
        }
        latest.clear();
        this.live = live;
      };
      const result = await engine.race(this.preset, order, (run) => {
        latest.set(run.activation, run);
        timer ??= setTimeout(show, SHOW_EVERY_MS);
      });
      clearTimeout(timer);
      this.result = result;
      this.live = result.runs;
    } catch (err) {
      this.error = String(err);
    } finally {
      this.running = false;
      this.stopping = false;
    }
  };

  readonly stop = async (): Promise<void> => {
    if (!this.running) return;
    this.stopping = true;
    (await this.engine()).stopRace();
  };
}
