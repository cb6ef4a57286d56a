/** `isauth check` output: text for people, one JSON object for scripts (docs/check.md). */
import { randomBytes } from 'node:crypto';
import type { Outcome } from '../pipeline/outcome.js';
import type { Trace } from '../pipeline/trace.js';
import { IsauthError } from '../errors.js';
import { toJson } from '../php/to-json.js';
import type { PhpSession, PhpValue } from '../php/types.js';
import type { Explanation } from '../rules/index.js';
import type { Placement } from './check-placement.js';

export interface CheckReport {
  readonly outcome: Outcome;
  readonly trace: Trace;
  readonly placement: Placement | undefined;
  readonly serializer: string;
  readonly explanation: Explanation | undefined;
  /** The store's or decoder's message when one failed. */
  readonly error: string | undefined;
  /** With --show-session. */
  readonly session: PhpSession | undefined;
  /** The store URL read (password masked) and where that setting came from. */
  readonly store: { readonly url: string; readonly origin: string };
  /** Where the configuration came from: the sources that set something, or none (defaults only). */
  readonly sources: readonly string[];
}

const STATE_TEXT = { '1': 'logged in', '0': 'not logged in', unknown: 'unknown' } as const;
const REASON_TEXT = {
  'no-session': 'the value is not a session id this profile reads',
  'cookie-rejected': 'the cookie codec refused it',
  'not-found': 'no such session in the store (or it expired)',
  decided: 'the session was read and the rules decided',
  'store-error': 'the store failed',
  'decode-error': 'the stored data could not be decoded',
  'internal-error': 'an unexpected failure inside isauth (a bug)',
} as const;

/** The JSON of a value, or why it is not printed (JSON_TOO_LARGE: docs/json-mapping.md). */
function printed(v: PhpValue): { json: string } | { error: string } {
  try {
    return { json: toJson(v) };
  } catch (e) {
    if (e instanceof IsauthError && e.code === 'JSON_TOO_LARGE') return { error: `${e.code}: ${e.message}` };
    throw e;
  }
}

const asText = (p: { json: string } | { error: string }): string => ('json' in p ? p.json : `(not printed: ${p.error})`);
const valueText = (v: PhpValue | undefined): string => (v === undefined ? '(missing)' : asText(printed(v)));

export function renderText(r: CheckReport): string {
  const { outcome: o, trace: t, placement: p, explanation: x } = r;
  const out: string[] = [];
  const row = (label: string, text: string): void => void out.push(`${label.padEnd(11)} ${text}`);
  row('decision', `${STATE_TEXT[o.state]} — variant ${o.variant}, X-Auth-State ${o.state}`);
  row('why', `${REASON_TEXT[o.reason]}${o.code ? ` (${o.code})` : ''}`);
  row('store', `${r.store.url}   ← ${r.store.origin}`);
  row('config', r.sources.length > 0 ? r.sources.join('; ') : 'built-in defaults only: no flag, ISAUTH_* variable, --config file or --php-ini was given');
  if (t.id !== undefined) row('id', t.id);
  if (t.key !== undefined) row('key', t.key);
  if (p !== undefined) {
    const where = p.servers.map((i, n) => `${i + 1} of ${p.count} (${p.addresses[n] ?? '?'})`).join(', then ');
    row('server', `${where}: ${p.why}`);
  }
  if (t.readMs !== undefined) {
    const value = t.storedBytes === undefined ? '' : `, ${t.storedBytes} bytes, flags ${t.flags ?? 0} (0x${(t.flags ?? 0).toString(16)})`;
    row('read', `${t.readMs.toFixed(2)} ms${value}`);
  }
  if (t.sessionBytes !== undefined) row('session', `${t.sessionBytes} bytes after the value codec, serializer ${r.serializer}`);
  if (r.error !== undefined) row('error', r.error);
  if (x !== undefined) {
    row('auth rule', x.auth === null ? 'none matched' : `${JSON.stringify(x.auth)} matched`);
    row('variant', x.variant === null ? 'none matched' : `${JSON.stringify(x.variant)} matched`);
    x.looked.forEach((l, i) => row(i === 0 ? 'looked at' : '', `${l.path} = ${valueText(l.value)}`));
  }
  if (r.session !== undefined) row('variables', asText(printed(r.session)));
  return `${out.join('\n')}\n`;
}

/**
 * One JSON object (one line). Session values keep `isauth decode`'s exact mapping (integers of
 * any size included): they are embedded as the JSON toJson wrote.
 */
export function renderJson(r: CheckReport): string {
  const nonce = randomBytes(8).toString('hex');
  const raws: string[] = [];
  const raw = (json: string): string => `@raw:${nonce}:${raws.push(json) - 1}@`;
  /** A value's JSON embedded as is; one too large to print: `{"error": "JSON_TOO_LARGE: …"}`. */
  const rawValue = (v: PhpValue): string => {
    const p = printed(v);
    return raw('json' in p ? p.json : JSON.stringify({ error: p.error }));
  };
  const { outcome: o, trace: t, placement: p, explanation: x } = r;
  const doc = {
    state: o.state,
    variant: o.variant,
    reason: o.reason,
    code: o.code ?? null,
    error: r.error ?? null,
    store: r.store.url,
    storeOrigin: r.store.origin,
    configSources: r.sources,
    id: t.id ?? null,
    key: t.key ?? null,
    server: p === undefined ? null : { servers: p.servers.map((i) => i + 1), of: p.count, addresses: p.addresses, why: p.why },
    readMs: t.readMs === undefined ? null : Number(t.readMs.toFixed(3)),
    storedBytes: t.storedBytes ?? null,
    flags: t.flags ?? null,
    sessionBytes: t.sessionBytes ?? null,
    serializer: r.serializer,
    rules:
      x === undefined
        ? null
        : { auth: x.auth, variant: x.variant, looked: x.looked.map((l) => ({ path: l.path, found: l.value !== undefined, value: l.value === undefined ? null : rawValue(l.value) })) },
    ...(r.session === undefined ? {} : { session: rawValue(r.session) }),
  };
  const text = JSON.stringify(doc).replace(new RegExp(`"@raw:${nonce}:([0-9]+)@"`, 'g'), (_, i: string) => raws[Number(i)] as string);
  return `${text}\n`;
}
