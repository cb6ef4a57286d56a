/**
 * THE request path, top to bottom — the one runner of the stages, used by every entry point
 * (`/auth`, the text protocol, read access, `isauth check`). One stage per line, each chosen once
 * at startup by the profile (src/profiles/):
 *
 *   1. session reference  src/session-ref/   the id header, else the session cookie (by the entry point)
 *   2. cookie codec       src/cookie-codec/  raw value → validated session reference (or a rejection)
 *   3. store key          src/store-key/     reference → the key the store reads, and what placement hashes
 *   4. store read         src/stores/        key → stored bytes + flags (placement inside)
 *   5. value codec        src/value-codec/   flags → decompressed / decrypted / verified session bytes
 *   6. session format     src/session-format/ bytes → the session's variables
 *   7. rules              src/rules/         variables → variant and logged-in state
 *   8. headers            src/http/          outcome → X-Cache-Variant, X-Auth-State (by the entry point)
 *
 * Every failure of the store or of the data ends in `bypass` (nginx then skips the cache and asks
 * the application): a visitor never gets another user's variant, and isauth never takes the site
 * down. A refused reference — by the cookie codec, or by a later stage that checks the cookie
 * against the stored data (RejectedError) — is `anon`. A failure that is not an IsauthError is a
 * bug: it answers `bypass` under INTERNAL.
 *
 * With a `Trace` the runner also records what each stage did, and the decoded session (read
 * access, `isauth check`); without one (the hot path) it records nothing.
 *
 * With a decision cache (src/decision-cache/, `--decision-cache`) and a store that tells exact
 * identities (files on a local filesystem), stages 4–7 are skipped for a session whose bytes are
 * unchanged since its decision: one `identify` (an lstat) instead of the read and the decode.
 * Traced decisions never use it (they show the session).
 */
import { RejectedError } from '../errors.js';
import { isRejected, type CookieCodec } from '../cookie-codec/types.js';
import type { RuleSet } from '../rules/index.js';
import type { SessionFormat } from '../session-format/types.js';
import type { KeyScheme } from '../store-key/types.js';
import type { SessionStore, StoredValue } from '../stores/types.js';
import type { ValueCodec } from '../value-codec/types.js';
import type { DecisionCache } from '../decision-cache/index.js';
import { cookieRejected, failureCode, failureOutcome, NO_SESSION, NOT_FOUND, verdictOutcome, type Outcome } from './outcome.js';
import type { StageObserver, Trace } from './trace.js';

/** The stage choices of one service (see src/profiles/). */
export interface Stages {
  readonly cookieCodec: CookieCodec;
  readonly keyScheme: KeyScheme;
  readonly store: SessionStore;
  readonly valueCodec: ValueCodec;
  readonly format: SessionFormat;
  readonly rules: RuleSet;
  readonly timeoutMs: number;
  /** Decisions by exact identity (used only when the store can `identify` and no stage is clock-dependent). */
  readonly decisions?: DecisionCache<Outcome> | undefined;
}

export interface Runner {
  /**
   * Stages 2–7 for a raw reference (what stage 1 found in the request, or a SID from the text
   * protocol or the command line). Never rejects. `trace`, when given, is filled in.
   */
  decide(reference: string | undefined, trace?: Trace): Promise<Outcome>;
  /** The decision cache in use (for the startup line), absent when there is none. */
  readonly decisionCache?: { readonly maxEntries: number; readonly size: number };
}

const message = (err: unknown): string => (err instanceof Error ? err.message : String(err));

export function createRunner(s: Stages, observer?: StageObserver): Runner {
  const { cookieCodec, keyScheme, store, valueCodec, format, rules, timeoutMs } = s;
  const placeById = keyScheme.placeBy === 'id';
  const timed = observer !== undefined;
  const identify = store.identify?.bind(store);
  const cache = identify !== undefined && !valueCodec.clockDependent && !format.clockDependent ? s.decisions : undefined;

  async function read(key: string, placeBy: string, trace: Trace | undefined): Promise<StoredValue | null | Outcome> {
    const started = timed || trace ? performance.now() : 0;
    try {
      const stored = await store.load(key, placeBy, timeoutMs);
      if (timed) observer.storeRead((performance.now() - started) / 1000, true);
      if (trace) {
        trace.readMs = performance.now() - started;
        if (stored !== null) {
          trace.storedBytes = stored.bytes.length;
          trace.flags = stored.flags;
        }
      }
      return stored;
    } catch (err) {
      const code = failureCode(err);
      if (timed) {
        observer.storeRead((performance.now() - started) / 1000, false);
        observer.storeError(code);
      }
      if (trace) {
        trace.readMs = performance.now() - started;
        trace.error = message(err);
      }
      return failureOutcome(code, 'store-error');
    }
  }

  async function decide(reference: string | undefined, trace?: Trace): Promise<Outcome> {
    if (reference === undefined) return NO_SESSION;
    const ref = cookieCodec.decode(reference); // 2
    if (ref === undefined) return NO_SESSION;
    if (isRejected(ref)) {
      observer?.cookieRejected(ref.rejected);
      return cookieRejected(ref.rejected);
    }
    const key = keyScheme.key(ref); // 3
    const placeBy = placeById ? ref : key;
    if (trace) Object.assign(trace, { id: ref, key, placeBy });
    else if (cache !== undefined) {
      const identity = (identify as NonNullable<typeof identify>)(key, placeBy);
      const hit = identity === undefined ? undefined : cache.get(key, ref, identity);
      if (hit !== undefined) {
        observer?.decisionCached?.();
        return hit;
      }
    }
    const stored = await read(key, placeBy, trace); // 4
    if (stored === null) return NOT_FOUND;
    if ('variant' in stored) return stored;
    try {
      const bytes = valueCodec.decode(stored.bytes, stored.flags, ref); // 5
      const session = format.decode(bytes, ref); // 6
      if (trace) Object.assign(trace, { sessionBytes: bytes.length, session });
      const outcome = verdictOutcome(rules.decide(session)); // 7
      if (cache !== undefined && stored.identity !== undefined) cache.set(key, ref, stored.identity, outcome);
      return outcome;
    } catch (err) {
      if (err instanceof RejectedError) {
        // The stored data proves the cookie itself forged, expired or revoked.
        observer?.cookieRejected(err.code);
        return cookieRejected(err.code);
      }
      // Malformed data: never guess a variant.
      const code = failureCode(err);
      observer?.decodeError(code);
      if (trace) trace.error = message(err);
      return failureOutcome(code, 'decode-error');
    }
  }

  return cache === undefined ? { decide } : { decide, decisionCache: cache };
}
