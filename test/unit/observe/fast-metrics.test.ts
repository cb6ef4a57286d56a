/** The per-request metrics render exactly as prom-client's own would for the same observations. */
import { Counter, Histogram, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { deferredCounts, FastHistogram } from '../../../src/observe/fast-metrics.js';

const BUCKETS = [0.0001, 0.001, 0.01, 0.1, 1];
const VALUES = [0, 0.00005, 0.0001, 0.0002, 0.005, 0.05, 0.5, 1, 2.5, 0.0009999];

describe('FastHistogram', () => {
  it('the exposition text equals prom-client Histogram\'s (labelled and unlabelled)', async () => {
    const theirs = new Registry();
    const ours = new Registry();
    const h = new Histogram({ name: 'x_seconds', help: 'help text', labelNames: ['store', 'result'] as const, buckets: BUCKETS, registers: [theirs] });
    const plain = new Histogram({ name: 'y_seconds', help: 'plain', buckets: BUCKETS, registers: [theirs] });
    const f = new FastHistogram('x_seconds', 'help text', BUCKETS, ours);
    const fp = new FastHistogram('y_seconds', 'plain', BUCKETS, ours).child();
    const okTheirs = h.labels('files', 'ok');
    const errTheirs = h.labels('files', 'error');
    const ok = f.child({ store: 'files', result: 'ok' });
    const err = f.child({ store: 'files', result: 'error' });
    // prom-client shows a labelled series once observed, in the order first observed (ours: from
    // the start, in the order made): observe both, ok first, before comparing.
    for (const [i, v] of VALUES.entries()) {
      (i % 3 === 1 ? errTheirs : okTheirs).observe(v);
      (i % 3 === 1 ? err : ok).observe(v);
      plain.observe(v * 2);
      fp.observe(v * 2);
    }
    expect(await ours.metrics()).toBe(await theirs.metrics());
    // The JSON form too (prom-client adds `exemplar: null` to its buckets).
    const normal = async (r: Registry) =>
      (await r.getMetricsAsJSON()).map((m) => ({
        ...m,
        values: (m.values as Array<{ metricName?: string; labels: object; value: number }>).map(({ metricName, labels, value }) => ({ metricName, labels, value })),
      }));
    expect(await normal(ours)).toEqual(await normal(theirs));
  });
});

describe('deferredCounts', () => {
  it('counts locally, present at 0 from the start, added to the counter when it is collected', async () => {
    const registry = new Registry();
    const counts = deferredCounts<'variant'>(() => counter);
    const counter: Counter<'variant'> = new Counter({ name: 'answers_total', help: 'h', labelNames: ['variant'] as const, registers: [registry], collect: () => counts.flush() });
    const auth = counts.child({ variant: 'auth' });
    counts.child({ variant: 'anon' });
    expect(await registry.metrics()).toContain('answers_total{variant="anon"} 0');
    for (let i = 0; i < 5; i++) auth.inc();
    expect(await registry.metrics()).toContain('answers_total{variant="auth"} 5');
    auth.inc();
    expect(await registry.metrics()).toContain('answers_total{variant="auth"} 6');
  });
});
