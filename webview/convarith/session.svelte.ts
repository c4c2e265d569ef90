/**
 * The convolution-arithmetic page's state and actions: the layer the host sent, the window's
 * step, play/pause/speed, and the record of the windows visited in the current pass. The views
 * (App.svelte and components/) read these fields and call these methods; the geometry is in
 * ./picture.ts.
 */
import { parseHostToConvArith, type ConvArithLayer, type ConvArithToHost, type HostToConvArith } from '../../src/protocol/convarith';
import { hostChannel, vscode } from '../shared/vscode';
import { picture, stepOf, windowAt, type Picture } from './picture';

/** Windows per second the speed selector offers. */
export const SPEEDS = [0.5, 1, 2, 5, 20, 100, 500] as const;
const DEFAULT_SPEED = 2;

interface SavedState {
  speed: number;
}

function restoreSpeed(raw: unknown): number {
  const speed = typeof raw === 'object' && raw !== null ? (raw as Partial<SavedState>).speed : undefined;
  return typeof speed === 'number' && (SPEEDS as readonly number[]).includes(speed) ? speed : DEFAULT_SPEED;
}

export class ConvArithSession {
  private readonly channel = hostChannel<HostToConvArith, ConvArithToHost>(parseHostToConvArith);

  pic: Picture | undefined = $state();
  /** Why the editor's line has no picture (the last picture stays on screen). */
  note = $state('');
  step = $state(0);
  playing = $state(false);
  speed = $state(restoreSpeed(vscode().getState()));
  /** Windows shown in this pass (a pass starts at window 0 and ends at the last one), and how many differ. */
  visitCount = $state(0);
  distinctVisits = $state(0);
  private readonly seen = new Set<number>();
  /** Layers received so far (tests wait on it). */
  received = $state(0);

  readonly current = $derived(this.pic ? windowAt(this.pic, this.step) : { oh: 0, ow: 0 });
  readonly passDone = $derived(this.pic !== undefined && this.visitCount > 0 && this.step === this.pic.steps - 1);

  private frame = 0;
  private lastTime = 0;
  private carry = 0;

  start(): () => void {
    const off = this.channel.listen((msg) => {
      if (msg.type === 'layer') this.show(msg.layer);
      else this.note = msg.reason;
    });
    window.addEventListener('keydown', this.onKey);
    this.channel.post({ type: 'ready' });
    return () => {
      off();
      window.removeEventListener('keydown', this.onKey);
      this.pause();
    };
  }

  /** Space plays or pauses, the arrows step; not while a control (the speed list, a button) has the key. */
  private readonly onKey = (e: KeyboardEvent): void => {
    if (e.target instanceof HTMLElement && e.target.closest('button, select, input')) return;
    if (e.key === ' ') this.togglePlay();
    else if (e.key === 'ArrowRight') this.stepForward();
    else if (e.key === 'ArrowLeft') this.stepBack();
    else return;
    e.preventDefault();
  };

  /** A new layer, or new numbers for the same one: keep the step when the output grid is the same size. */
  show(layer: ConvArithLayer): void {
    const before = this.pic;
    const next = picture(layer);
    this.pic = next;
    this.note = '';
    this.received++;
    if (!before || before.outH !== next.outH || before.outW !== next.outW || before.layer.line !== layer.line) this.restart();
  }

  /** Back to window 0, a new pass. */
  restart(): void {
    this.step = 0;
    this.visit(0);
  }

  private visit(step: number): void {
    // Window 0 begins a new pass.
    if (step === 0) {
      this.seen.clear();
      this.visitCount = 0;
    }
    this.seen.add(step);
    this.visitCount++;
    this.distinctVisits = this.seen.size;
  }

  private goTo(step: number): void {
    if (!this.pic) return;
    const next = ((step % this.pic.steps) + this.pic.steps) % this.pic.steps;
    this.step = next;
    this.visit(next);
  }

  readonly stepForward = (): void => {
    this.pause();
    this.goTo(this.step + 1);
  };

  readonly stepBack = (): void => {
    this.pause();
    if (this.step > 0) this.goTo(this.step - 1);
  };

  /** Shows the window an output cell came from. */
  readonly selectOutput = (oh: number, ow: number): void => {
    if (!this.pic) return;
    this.pause();
    this.goTo(stepOf(this.pic, oh, ow));
  };

  readonly setSpeed = (speed: number): void => {
    if (!(SPEEDS as readonly number[]).includes(speed)) return;
    this.speed = speed;
    vscode().setState({ speed } satisfies SavedState);
  };

  readonly togglePlay = (): void => {
    if (this.playing) this.pause();
    else this.play();
  };

  /** Plays to the end of the pass (from window 0 again when the pass was over). */
  play(): void {
    if (!this.pic || this.playing) return;
    if (this.passDone) this.restart();
    this.playing = true;
    this.lastTime = performance.now();
    this.carry = 0;
    this.frame = requestAnimationFrame(this.tick);
  }

  pause(): void {
    this.playing = false;
    cancelAnimationFrame(this.frame);
  }

  private readonly tick = (now: number): void => {
    if (!this.playing || !this.pic) return;
    // Steps owed since the last frame at this speed; a fast speed takes several per frame.
    this.carry += ((now - this.lastTime) / 1000) * this.speed;
    this.lastTime = now;
    while (this.carry >= 1 && !this.passDone) {
      this.carry -= 1;
      this.goTo(this.step + 1);
    }
    if (this.passDone) {
      this.pause();
      return;
    }
    this.frame = requestAnimationFrame(this.tick);
  };
}
