/**
 * Drive one target with autocannon (programmatic API, no progress bar) and check EVERY answer:
 * each request takes the next visitor of the shared mix (Cookie header rotates over all
 * sessions), and its onResponse checks the variant — the page body's marker and the
 * X-Cache-Variant header for pages, the header alone for /auth.
 */
import autocannon, { type Request } from 'autocannon';
import type { IncomingHttpHeaders } from 'node:http';
import { Latencies } from './latency.js';
import { staggerRate } from './pacing.js';
import { BENCH_HOST, marker } from './pages.js';
import type { Variant, Visitor } from './sessions.js';

/** What setupRequest leaves in autocannon's per-client context for onResponse. */
interface VisitorContext {
  visitor?: Visitor;
}

export interface LoadTarget {
  /** http://127.0.0.1:PORT (also needed, with any port, for a unix socket). */
  readonly url: string;
  readonly socketPath?: string;
  /** `page`: GET the visitor's page, check marker + header; `auth`: GET /auth, check the header. */
  readonly mode: 'page' | 'auth';
  /** Every answer must carry this variant (setups that ignore the session: limit, node ceiling). */
  readonly fixedVariant?: Variant;
}

export interface LoadOptions {
  readonly visitors: readonly Visitor[];
  readonly connections: number;
  readonly seconds: number;
  /** Requests per second over all connections (autocannon overallRate); unset = as fast as possible. */
  readonly rate?: number;
}

export interface LoadResult {
  readonly requests: number;
  readonly seconds: number;
  readonly rps: number;
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly errors: number;
  readonly timeouts: number;
  readonly non2xx: number;
  readonly mismatches: number;
  /** A few wrong answers, for the report. */
  readonly samples: readonly string[];
}

function header(headers: IncomingHttpHeaders | undefined, name: string): string | undefined {
  for (const [k, v] of Object.entries(headers ?? {})) if (k.toLowerCase() === name) return Array.isArray(v) ? v[0] : v;
  return undefined;
}

export function runLoad(target: LoadTarget, o: LoadOptions): Promise<LoadResult> {
  const { visitors } = o;
  let cursor = Math.floor(Math.random() * visitors.length);
  let mismatches = 0;
  const samples: string[] = [];
  const latencies = new Latencies();

  const request: Request = {
    method: 'GET',
    setupRequest(req, context) {
      const v = visitors[cursor++ % visitors.length] as Visitor;
      (context as VisitorContext).visitor = v;
      const headers: Record<string, string> = { Host: BENCH_HOST };
      if (v.cookie !== undefined) headers.Cookie = v.cookie;
      return { ...req, path: target.mode === 'auth' ? '/auth' : v.path, headers };
    },
    onResponse(status, body, context, headers) {
      if (status !== 200) return; // counted by autocannon as non-2xx
      const v = (context as VisitorContext).visitor as Visitor;
      const want = target.fixedVariant ?? v.expected;
      const got = header(headers, 'x-cache-variant');
      const ok = got === want && (target.mode === 'auth' ? body.length === 0 : body.includes(marker(want)));
      if (!ok) {
        mismatches++;
        if (samples.length < 5) samples.push(`${v.kind} ${v.path}: want ${want}, header ${got ?? '-'}, body ${body.length} bytes`);
      }
    },
  };

  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: target.url,
        ...(target.socketPath === undefined ? {} : { socketPath: target.socketPath }),
        connections: o.connections,
        duration: o.seconds,
        timeout: 5,
        ...(o.rate === undefined ? {} : { overallRate: Math.max(1, Math.round(o.rate)), setupClient: staggerRate }),
        requests: [request],
      },
      (err, r) => {
        if (err) return reject(err);
        const seconds = r.duration;
        const requests = r.requests.total;
        resolve({
          requests,
          seconds,
          rps: requests / seconds,
          p50: latencies.quantile(0.5),
          p90: latencies.quantile(0.9),
          p99: latencies.quantile(0.99),
          errors: r.errors,
          timeouts: r.timeouts,
          non2xx: r.non2xx,
          mismatches,
          samples,
        });
      },
    );
    instance.on('response', (_client: unknown, status: number, _bytes: number, ms: number) => {
      if (status >= 200 && status < 300) latencies.record(ms);
    });
  });
}
