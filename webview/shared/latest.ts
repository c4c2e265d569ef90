/**
 * Runs an async computation for the latest request only. While one run is in flight, new
 * requests replace each other; when it ends, only the newest waiting one runs. A slider dragged
 * through twenty values therefore costs at most two recomputes, and the panel never queues work
 * it will throw away (the "recompute on every slider change without freezing" rule).
 */
export class LatestRunner<I, O> {
  private running = false;
  private pending: { input: I } | undefined;
  private generation = 0;

  constructor(
    private readonly run: (input: I) => Promise<O>,
    private readonly onResult: (output: O, input: I, generation: number) => void,
    private readonly onError: (error: unknown, input: I, generation: number) => void,
    private readonly onIdle: () => void = () => {},
  ) {}

  /** Number of requests made so far; a result carries the generation of the request it answers. */
  get requested(): number {
    return this.generation;
  }

  get busy(): boolean {
    return this.running;
  }

  request(input: I): void {
    this.generation++;
    this.pending = { input };
    if (!this.running) void this.pump();
  }

  private async pump(): Promise<void> {
    this.running = true;
    try {
      while (this.pending) {
        const { input } = this.pending;
        const generation = this.generation;
        this.pending = undefined;
        try {
          const output = await this.run(input);
          this.onResult(output, input, generation);
        } catch (err) {
          this.onError(err, input, generation);
        }
      }
    } finally {
      this.running = false;
      this.onIdle();
    }
  }
}
