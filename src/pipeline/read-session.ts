/**
 * Stages 2–6 of the path without the rules: a raw reference → the WHOLE decoded session, with a
 * trace of every step (the id, the key, what placement hashed, the read's latency, the stored
 * size and flags). For read access (`GET /sessions/:id`, the text protocol's `get`/`keys`…) and
 * `isauth check`. Build the stages with a format that decodes every variable
 * (`PROFILES[…].stages(config, EVERY_KEY)`). Same failure mapping as `createPath`; never rejects.
 */
import { isRejected } from '../cookie-codec/types.js';
import type { KeyFilter } from '../php/options.js';
import type { PhpSession } from '../php/types.js';
import { cookieRejected, failureCode, failureOutcome, NO_SESSION, NOT_FOUND, type Outcome } from './outcome.js';
import type { Stages } from './path.js';

/** A KeyFilter that keeps every variable: the format then decodes the whole session. */
export const EVERY_KEY: KeyFilter = Object.freeze({ has: () => true });

export type ReadStages = Omit<Stages, 'rules'>;

/** What each stage did, as far as the read got. */
export interface ReadTrace {
  /** The validated session id (stage 2). */
  id?: string;
  /** The store key (stage 3) and what placement hashed (the bare id or the whole key). */
  key?: string;
  placeBy?: string;
  /** Stage 4: how long the store took, and the stored value's size and flags. */
  readMs?: number;
  storedBytes?: number;
  flags?: number;
  /** Stage 5: the session's serialized size after the value codec. */
  sessionBytes?: number;
}

export type SessionRead =
  | { readonly found: true; readonly session: PhpSession; readonly trace: ReadTrace }
  | {
      readonly found: false;
      /** What `/auth` would answer without rules: no-session, cookie-rejected, not-found or a bypass. */
      readonly outcome: Outcome;
      readonly trace: ReadTrace;
      /** The failure's message (store or data errors only). */
      readonly error?: string;
    };

export interface SessionReader {
  read(reference: string): Promise<SessionRead>;
}

const message = (err: unknown): string => (err instanceof Error ? err.message : String(err));

export function createSessionReader(s: ReadStages): SessionReader {
  const { cookieCodec, keyScheme, store, valueCodec, format, timeoutMs } = s;
  const placeById = keyScheme.placeBy === 'id';

  async function read(reference: string): Promise<SessionRead> {
    const trace: ReadTrace = {};
    const id = cookieCodec.decode(reference); // 2
    if (id === undefined) return { found: false, outcome: NO_SESSION, trace };
    if (isRejected(id)) return { found: false, outcome: cookieRejected(id.rejected), trace };
    trace.id = id;
    trace.key = keyScheme.key(id); // 3
    trace.placeBy = placeById ? id : trace.key;
    const started = performance.now();
    let stored;
    try {
      stored = await store.load(trace.key, trace.placeBy, timeoutMs); // 4
    } catch (err) {
      trace.readMs = performance.now() - started;
      return { found: false, outcome: failureOutcome(failureCode(err), 'store-error'), trace, error: message(err) };
    }
    trace.readMs = performance.now() - started;
    if (stored === null) return { found: false, outcome: NOT_FOUND, trace };
    trace.storedBytes = stored.bytes.length;
    trace.flags = stored.flags;
    try {
      const bytes = valueCodec.decode(stored.bytes, stored.flags); // 5
      trace.sessionBytes = bytes.length;
      return { found: true, session: format.decode(bytes), trace }; // 6
    } catch (err) {
      return { found: false, outcome: failureOutcome(failureCode(err), 'decode-error'), trace, error: message(err) };
    }
  }

  return { read };
}
