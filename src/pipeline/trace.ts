/**
 * What the runner reports besides the outcome: stage events for metrics (StageObserver, on the
 * hot path), and — only when a caller asks, for read access and `isauth check` — a Trace of what
 * each stage did.
 */
import type { ErrorCode } from '../errors.js';
import type { PhpSession } from '../php/types.js';

/** Events inside a decision that its outcome alone does not tell (metrics). */
export interface StageObserver {
  /** A store read finished (successfully or not) after `seconds`. */
  storeRead(seconds: number, ok: boolean): void;
  storeError(code: ErrorCode): void;
  decodeError(code: ErrorCode): void;
  cookieRejected(code: ErrorCode): void;
  /** A decision answered from the decision cache (no store read, no decode). */
  decisionCached?(): void;
}

/** What each stage did, as far as the decision got (filled in by `Runner.decide`). */
export interface Trace {
  /** The validated session reference (stage 2). */
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
  /** Stage 6: the decoded session. */
  session?: PhpSession;
  /** The store's or the decoder's message, when one failed. */
  error?: string;
}
