/**
 * Read access (`GET /sessions/:id`, the text protocol's `get`/`keys`…, `isauth check`): one run
 * of the stages with a Trace, shaped as "the session was found, here it is" or "it was not, and
 * this is what `/auth` answers". Give it a runner whose session format decodes every variable
 * (`Assembly.inspectRunner`), not only those the rules read.
 */
import type { PhpSession } from '../php/types.js';
import type { KeyFilter } from '../php/options.js';
import type { Outcome } from './outcome.js';
import type { Runner } from './runner.js';
import type { Trace } from './trace.js';

/** A KeyFilter that keeps every variable: the format then decodes the whole session. */
export const EVERY_KEY: KeyFilter = Object.freeze({ has: () => true });

export type SessionRead =
  | { readonly found: true; readonly session: PhpSession; readonly outcome: Outcome; readonly trace: Trace }
  | {
      readonly found: false;
      /** What `/auth` answers: no-session, cookie-rejected, not-found or a bypass. */
      readonly outcome: Outcome;
      readonly trace: Trace;
      /** The failure's message (store or data errors only). */
      readonly error?: string;
    };

export interface SessionReader {
  read(reference: string): Promise<SessionRead>;
}

export function sessionReader(runner: Runner): SessionReader {
  return {
    async read(reference) {
      const trace: Trace = {};
      const outcome = await runner.decide(reference, trace);
      const { session, error } = trace;
      if (session !== undefined) return { found: true, session, outcome, trace };
      return error === undefined ? { found: false, outcome, trace } : { found: false, outcome, trace, error };
    },
  };
}
