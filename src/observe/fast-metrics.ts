/**
 * Metrics cheap enough for every request. prom-client's `observe`/`inc` validate and hash the
 * labels on each call (~0.3–0.8 µs, measured: docs/benchmarks.md, "The memcached path"), a real
 * share of a ~20 µs decision. Here the label sets are fixed up front and a request only adds to
 * numbers it already holds; prom-client's registry still renders everything (same text).
 *
 * - `FastHistogram`: a histogram metric object with pre-made children; `observe` finds the bucket
 *   and increments. Its `get()` returns what prom-client's Histogram returns for the same
 *   observations (test/unit/observe/fast-metrics.test.ts compares the exposition text).
 * - `deferredCounts`: local counts for a prom-client Counter, added to it when it is collected
 *   (a scrape) through its public `inc(labels, n)`.
 */
import type { Counter, Registry } from 'prom-client';

export interface FastChild {
  observe(value: number): void;
}

interface Series {
  readonly labels: Readonly<Record<string, string>>;
  readonly counts: Float64Array;
  sum: number;
  count: number;
}

export class FastHistogram {
  readonly type = 'histogram';
  readonly aggregator = 'sum';
  private readonly series: Series[] = [];

  constructor(
    readonly name: string,
    readonly help: string,
    private readonly buckets: readonly number[],
    registry: Registry,
  ) {
    registry.registerMetric(this as unknown as Parameters<Registry['registerMetric']>[0]);
  }

  /** The child for one label set (make them all at startup; the hot path keeps the child). */
  child(labels: Readonly<Record<string, string>> = {}): FastChild {
    const s: Series = { labels, counts: new Float64Array(this.buckets.length), sum: 0, count: 0 };
    this.series.push(s);
    const { buckets } = this;
    return {
      observe(value: number) {
        for (let i = 0; i < buckets.length; i++) {
          if (value <= (buckets[i] as number)) {
            (s.counts[i] as number)++;
            break;
          }
        }
        s.sum += value;
        s.count++;
      },
    };
  }

  /** prom-client's metric shape: cumulative `_bucket`s (`le` first, then the labels), `_sum`, `_count`. */
  async get() {
    const values: Array<{ labels: Record<string, string | number>; value: number; metricName: string }> = [];
    for (const s of this.series) {
      let acc = 0;
      this.buckets.forEach((le, i) => {
        acc += s.counts[i] as number;
        values.push({ labels: { le, ...s.labels }, value: acc, metricName: `${this.name}_bucket` });
      });
      values.push({ labels: { le: '+Inf', ...s.labels }, value: s.count, metricName: `${this.name}_bucket` });
      values.push({ labels: { ...s.labels }, value: s.sum, metricName: `${this.name}_sum` });
      values.push({ labels: { ...s.labels }, value: s.count, metricName: `${this.name}_count` });
    }
    return { name: this.name, help: this.help, type: this.type, values, aggregator: this.aggregator };
  }

  reset(): void {
    for (const s of this.series) {
      s.counts.fill(0);
      s.sum = 0;
      s.count = 0;
    }
  }
}

export interface DeferredCounts<L extends string> {
  /** A local count for one label set, added to the counter at the next collect. */
  child(labels: Partial<Record<L, string>>): { inc(): void };
  /** Add the pending counts to the counter (call from its `collect`). */
  flush(): void;
}

export function deferredCounts<L extends string>(counter: () => Counter<L>): DeferredCounts<L> {
  const pending: Array<{ labels: Partial<Record<L, string>>; n: number }> = [];
  return {
    child(labels) {
      const p = { labels, n: 0 };
      pending.push(p);
      counter().inc(labels, 0); // present from the start
      return {
        inc() {
          p.n++;
        },
      };
    },
    flush() {
      for (const p of pending) {
        if (p.n === 0) continue;
        counter().inc(p.labels, p.n);
        p.n = 0;
      }
    },
  };
}
