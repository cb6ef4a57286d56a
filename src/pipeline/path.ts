/**
 * THE request path, top to bottom — one stage per line, each chosen once at startup by the
 * profile (src/profiles/):
 *
 *   1. session reference  src/session-ref/   the id header, else the session cookie (src/http/auth-route.ts)
 *   2. cookie codec       src/cookie-codec/  raw value → validated session id (or a rejection)
 *   3. store key          src/store-key/     id → the key the store reads, and what placement hashes
 *   4. store read         src/stores/        key → stored bytes + flags (placement inside)
 *   5. value codec        src/value-codec/   flags → decompressed / decrypted session bytes
 *   6. session format     src/session-format/ bytes → the session's variables
 *   7. rules              src/rules/         variables → variant and logged-in state
 *   8. headers            src/http/          outcome → X-Cache-Variant, X-Auth-State
 *
 * Every failure of the store or of the data ends in `bypass` (nginx then skips the cache and asks
 * the application): a visitor never gets another user's variant, and isauth never takes the site
 * down. A failure that is not an IsauthError is a bug: it answers `bypass` under INTERNAL.
 */
import type { ErrorCode } from '../errors.js';
import { isRejected, type CookieCodec } from '../cookie-codec/types.js';
import type { RuleSet, Verdict } from '../rules/index.js';
import type { SessionFormat } from '../session-format/types.js';
import type { KeyScheme } from '../store-key/types.js';
import type { SessionStore, StoredValue } from '../stores/types.js';
import type { ValueCodec } from '../value-codec/types.js';
import { cookieRejected, failureCode, failureOutcome, NO_SESSION, NOT_FOUND, type AuthState, type Outcome } from './outcome.js';

/** The stage choices of one service (see src/profiles/). */
export interface Stages {
  readonly cookieCodec: CookieCodec;
  readonly keyScheme: KeyScheme;
  readonly store: SessionStore;
  readonly valueCodec: ValueCodec;
  readonly format: SessionFormat;
  readonly rules: RuleSet;
  readonly timeoutMs: number;
}

export interface PathObserver {
  /** A store read finished (successfully or not) after `seconds`. */
  storeRead(seconds: number, ok: boolean): void;
  storeError(code: ErrorCode): void;
  decodeError(code: ErrorCode): void;
  cookieRejected(code: ErrorCode): void;
}

export interface SessionPath {
  /**
   * Stages 2–7 for a raw reference (what stage 1, src/session-ref/, found in the request; or a SID
   * from the text protocol). Never rejects.
   */
  decide(reference: string | undefined): Promise<Outcome>;
}

/** Outcomes for rule verdicts, one frozen object per verdict (verdicts are shared objects too). */
function verdictOutcomes(): (v: Verdict) => Outcome {
  const cache = new Map<Verdict, Outcome>();
  return (v) => {
    let o = cache.get(v);
    if (o === undefined) {
      o = Object.freeze({ variant: v.variant, state: v.state as AuthState, reason: 'decided' as const });
      cache.set(v, o);
    }
    return o;
  };
}

export function createPath(s: Stages, observer?: PathObserver): SessionPath {
  const { cookieCodec, keyScheme, store, valueCodec, format, rules, timeoutMs } = s;
  const outcomeOf = verdictOutcomes();
  const placeById = keyScheme.placeBy === 'id';

  async function read(key: string, placeBy: string): Promise<StoredValue | null | Outcome> {
    const started = observer ? performance.now() : 0;
    try {
      const stored = await store.load(key, placeBy, timeoutMs);
      observer?.storeRead((performance.now() - started) / 1000, true);
      return stored;
    } catch (err) {
      const code = failureCode(err);
      observer?.storeRead((performance.now() - started) / 1000, false);
      observer?.storeError(code);
      return failureOutcome(code, 'store-error');
    }
  }

  async function decide(reference: string | undefined): Promise<Outcome> {
    if (reference === undefined) return NO_SESSION;
    const id = cookieCodec.decode(reference); // 2
    if (id === undefined) return NO_SESSION;
    if (isRejected(id)) {
      observer?.cookieRejected(id.rejected);
      return cookieRejected(id.rejected);
    }
    const key = keyScheme.key(id); // 3
    const stored = await read(key, placeById ? id : key); // 4
    if (stored === null) return NOT_FOUND;
    if ('variant' in stored) return stored;
    try {
      const bytes = valueCodec.decode(stored.bytes, stored.flags); // 5
      return outcomeOf(rules.decide(format.decode(bytes))); // 6, 7
    } catch (err) {
      // Malformed data: never guess a variant.
      const code = failureCode(err);
      observer?.decodeError(code);
      return failureOutcome(code, 'decode-error');
    }
  }

  return { decide };
}
