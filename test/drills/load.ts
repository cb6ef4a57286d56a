/**
 * Load for one drill, with EVERY answer checked. A page served from the cache must be the
 * visitor's variant (X-Cache-Variant and the body's variant marker); a visitor whose session
 * isauth must refuse (`bypass`) must never get a cached page. A page rendered by PHP (the
 * fallback) is PHP's own decision and counts as degraded, not wrong. Degraded answers, 5xx,
 * errors and timeouts are time-stamped, for the recovery time.
 */
import autocannon, { type Request } from 'autocannon';
import type { IncomingHttpHeaders } from 'node:http';
import { staggerRate } from '../../bench/pacing.js';
import { BENCH_HOST } from '../../bench/pages.js';
import type { DrillVisitor } from './stack.js';

export interface DrillLoad {
  readonly requests: number;
  readonly wrong: number;
  readonly fivexx: number;
  readonly fallbacks: number;
  readonly errors: number;
  readonly timeouts: number;
  /** When the last degraded answer (fallback, 5xx, error, timeout) came, Date.now(); 0 if none. */
  readonly lastDegradedAt: number;
  readonly samples: readonly string[];
}

const header = (h: IncomingHttpHeaders | undefined, name: string): string | undefined => {
  for (const [k, v] of Object.entries(h ?? {})) if (k.toLowerCase() === name) return Array.isArray(v) ? v[0] : v;
  return undefined;
};

/** The variant a body was made for: the bench marker, or the demo app's data-variant. */
function bodyVariant(body: string): string | undefined {
  return /isauth-bench variant=(\w+)/.exec(body)?.[1] ?? /<body data-variant="([^"]+)"/.exec(body)?.[1];
}

export interface LoadHandle {
  readonly done: Promise<DrillLoad>;
  /**
   * Ids of `bypass` visitors served the cached ANON page: right only if the session is gone by
   * then (PHP destroys a session it cannot decode); the drill checks the store.
   */
  readonly anonForBypass: Set<string>;
  stop(): void;
}

/** Run until stop() (or `maxSeconds`), `rate` requests/s over `connections`. */
export function startLoad(url: string, visitors: () => readonly DrillVisitor[], o: { rate: number; connections: number; maxSeconds: number }): LoadHandle {
  let cursor = 0;
  let wrong = 0;
  let fivexx = 0;
  let fallbacks = 0;
  let lastDegradedAt = 0;
  const samples: string[] = [];
  const degraded = () => (lastDegradedAt = Date.now());
  const anonForBypass = new Set<string>();

  const request: Request = {
    method: 'GET',
    setupRequest(req, context) {
      const list = visitors();
      const v = list[cursor++ % list.length] as DrillVisitor;
      (context as { v?: DrillVisitor }).v = v;
      const headers: Record<string, string> = { Host: BENCH_HOST };
      if (v.cookie !== undefined) headers.Cookie = v.cookie;
      return { ...req, path: v.path, headers };
    },
    onResponse(status, body, context, headers) {
      const v = (context as { v?: DrillVisitor }).v as DrillVisitor;
      if (status >= 500) {
        fivexx++;
        degraded();
        return;
      }
      if (v.expected === 'any') return;
      if (header(headers, 'x-page-cache') === 'hit') {
        const got = header(headers, 'x-cache-variant');
        const inBody = bodyVariant(body);
        if (v.expected === 'bypass' && got === 'anon' && inBody === 'anon' && v.id !== undefined) {
          anonForBypass.add(v.id);
          return;
        }
        if (v.expected === 'bypass' || got !== v.expected || inBody !== v.expected) {
          wrong++;
          if (samples.length < 5) samples.push(`${v.path} want ${v.expected}, got header ${got ?? '-'} body ${inBody ?? '-'}`);
        }
        return;
      }
      fallbacks++;
      if (v.expected !== 'bypass') degraded();
    },
  };

  let resolveDone: (r: DrillLoad) => void = () => undefined;
  let rejectDone: (e: unknown) => void = () => undefined;
  const done = new Promise<DrillLoad>((resolve, reject) => {
    resolveDone = resolve;
    rejectDone = reject;
  });
  const instance = autocannon(
    { url, connections: o.connections, duration: o.maxSeconds, timeout: 4, overallRate: o.rate, setupClient: staggerRate, requests: [request] },
    (err, r) => {
      if (err) rejectDone(err);
      else resolveDone({ requests: r.requests.total, wrong, fivexx, fallbacks, errors: r.errors, timeouts: r.timeouts, lastDegradedAt, samples });
    },
  );
  instance.on('reqError', (err: Error) => {
    degraded();
    if (samples.length < 5) samples.push(`request error: ${err.message}`);
  });
  (instance as unknown as NodeJS.EventEmitter).on('timeout', degraded);
  return { done, anonForBypass, stop: () => instance.stop() };
}
