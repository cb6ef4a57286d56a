/**
 * A latency histogram with 10 µs buckets (autocannon's own keeps whole milliseconds, too coarse
 * for a "p99 within 1 ms" target). Values above 2 s land in the last bucket.
 */
const BUCKET_MS = 0.01;
const BUCKETS = 200_000;

export class Latencies {
  private readonly counts = new Uint32Array(BUCKETS);
  count = 0;

  record(ms: number): void {
    const i = Math.min(BUCKETS - 1, Math.max(0, Math.floor(ms / BUCKET_MS)));
    this.counts[i] = (this.counts[i] ?? 0) + 1;
    this.count++;
  }

  /** The q-quantile (0..1) in ms, at the upper edge of its bucket; 0 when empty. */
  quantile(q: number): number {
    if (this.count === 0) return 0;
    const rank = Math.ceil(q * this.count);
    let seen = 0;
    for (let i = 0; i < BUCKETS; i++) {
      seen += this.counts[i] ?? 0;
      if (seen >= rank) return Math.round((i + 1) * BUCKET_MS * 100) / 100;
    }
    return BUCKETS * BUCKET_MS;
  }
}
