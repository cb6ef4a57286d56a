/**
 * The hot path, as a short fixed list of steps: id → store → decode → rules → outcome.
 * Every failure of the store or of the data ends in `bypass` (nginx then skips the cache and asks
 * PHP): a visitor never gets another user's variant, and isauth never takes the site down.
 */
import { IsauthError, type ErrorCode } from '../errors.js';
import type { PhpSession } from '../php/types.js';
import type { SessionStore } from '../stores/types.js';
import { bypass, NO_SESSION, NOT_FOUND, type AuthState, type Outcome } from './outcome.js';

export interface Verdict {
  readonly variant: string;
  readonly state: '1' | '0';
}

export interface CheckObserver {
  /** A store read finished (successfully or not) after `seconds`. */
  storeRead(seconds: number, ok: boolean): void;
  storeError(code: ErrorCode): void;
  decodeError(code: ErrorCode): void;
}

export interface CheckerDeps {
  readonly store: SessionStore;
  /** Decodes raw session bytes (serializer and limits bound in); throws on malformed data. */
  readonly decode: (bytes: Uint8Array) => PhpSession;
  readonly decide: (session: PhpSession) => Verdict;
  readonly timeoutMs: number;
  readonly observer?: CheckObserver;
}

export type Checker = (id: string | undefined) => Promise<Outcome>;

function codeOf(err: unknown, fallback: ErrorCode): ErrorCode {
  return err instanceof IsauthError ? err.code : fallback;
}

/** Outcomes for rule verdicts are cached per (variant, state): the hot path allocates nothing. */
function verdictOutcomes(): (v: Verdict) => Outcome {
  const cache = new Map<string, Outcome>();
  return (v) => {
    const key = `${v.state}:${v.variant}`;
    let o = cache.get(key);
    if (o === undefined) {
      o = Object.freeze({ variant: v.variant, state: v.state as AuthState, reason: 'decided' as const });
      cache.set(key, o);
    }
    return o;
  };
}

export function createChecker(deps: CheckerDeps): Checker {
  const { store, decode, decide, timeoutMs, observer } = deps;
  const outcomeOf = verdictOutcomes();

  return async function check(id) {
    if (id === undefined) return NO_SESSION;

    let bytes: Uint8Array | null;
    const started = observer ? performance.now() : 0;
    try {
      bytes = await store.load(id, timeoutMs);
      observer?.storeRead((performance.now() - started) / 1000, true);
    } catch (err) {
      const code = codeOf(err, 'STORE_UNAVAILABLE');
      observer?.storeRead((performance.now() - started) / 1000, false);
      observer?.storeError(code);
      return bypass('store-error', code);
    }
    if (bytes === null) return NOT_FOUND;

    try {
      return outcomeOf(decide(decode(bytes)));
    } catch (err) {
      // Malformed data (or, defensively, any failure while deciding): never guess a variant.
      const code = codeOf(err, 'DECODE_SYNTAX');
      observer?.decodeError(code);
      return bypass('decode-error', code);
    }
  };
}
