/** Download speed of a job: bytes per second over the last few seconds of samples. */
const SPEED_WINDOW_MS = 5_000;

export class SpeedMeter {
  private samples: { at: number; bytes: number }[] = [];

  /** `bytes` is the job's received total at time `at` (epoch ms). */
  record(at: number, bytes: number): void {
    const last = this.samples.at(-1);
    // A retried file starts again from zero: older samples no longer compare.
    if (last && bytes < last.bytes) this.samples = [];
    this.samples.push({ at, bytes });
    while (this.samples.length > 2 && at - (this.samples[1]?.at ?? at) >= SPEED_WINDOW_MS) this.samples.shift();
  }

  /** Bytes/s; 0 without two samples, or when the newest is older than the window (nothing measured lately). */
  speed(now: number): number {
    const first = this.samples[0];
    const last = this.samples.at(-1);
    if (!first || !last || last.at <= first.at || now - last.at > SPEED_WINDOW_MS) return 0;
    return (last.bytes - first.bytes) / ((last.at - first.at) / 1000);
  }
}
