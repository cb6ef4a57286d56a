/**
 * The text protocol's commands (docs/text-protocol.md). One call per line; the caller writes the
 * reply and keeps the connection's state (whether `auth` succeeded).
 *
 *   isauth SID [SID…]   → `1` or `0` per id, one line each, in order (InspectorD's command)
 *   quit                → close
 *   auth TOKEN          → `ok` (a wrong token: `err unauthorized`, then close)
 *   get SID KEY | exists SID KEY | keys SID | get_all SID  → `ok <json>` or `err <message>`
 *
 * `isauth` decides each id with the very path `/auth` uses. An id whose store or data failed
 * (X-Auth-State `unknown`) answers `0`: an old client only knows `1`/`0`, and `0` fails closed —
 * it never grants what a logged-in answer would.
 */
import type { TokenCheck } from '../inspect/token.js';
import { keysJson, sessionJson, valueAtPath, valueJson } from '../inspect/view.js';
import type { DecisionObserver } from '../observe/decisions.js';
import type { SessionRead, SessionReader } from '../pipeline/read.js';
import type { Runner } from '../pipeline/runner.js';
import { tokens } from './lines.js';

export interface Reply {
  /** The bytes to write (every line ends in `\r\n`); '' for none. */
  readonly text: string;
  /** Close the connection after writing. */
  readonly close?: boolean;
}

export interface ConnectionState {
  authed: boolean;
}

export interface CommandDeps {
  readonly runner: Runner;
  readonly reader: SessionReader;
  /** Metrics, failure log and access log for each id decided (src/observe/decisions.ts). */
  readonly observer: DecisionObserver;
  readonly tokenOk: TokenCheck;
  readonly maxSids: number;
}

const line = (s: string): Reply => ({ text: `${s}\r\n` });
const err = (message: string): Reply => line(`err ${message}`);
const ok = (json: string): Reply => line(`ok ${json}`);
const UNAUTHORIZED = err('unauthorized');
const NONE: Reply = { text: '' };

/** Arity of the read commands (after the command word). */
const READS: Readonly<Record<string, { args: number; usage: string }>> = {
  get: { args: 2, usage: 'get SID KEY' },
  exists: { args: 2, usage: 'exists SID KEY' },
  keys: { args: 1, usage: 'keys SID' },
  get_all: { args: 1, usage: 'get_all SID' },
};

export function createCommands(deps: CommandDeps): (lineText: string, state: ConnectionState) => Promise<Reply> {
  const { runner, reader, observer, tokenOk, maxSids } = deps;

  async function decide(id: string): Promise<string> {
    const started = observer.timed ? performance.now() : 0;
    const o = await runner.decide(id);
    observer.decided('text', o, id, started);
    return o.state === '1' ? '1\r\n' : '0\r\n';
  }

  async function isauth(ids: string[]): Promise<Reply> {
    if (ids.length === 0) return err('usage: isauth SID [SID...]');
    if (ids.length > maxSids) return err(`too many ids (at most ${maxSids} per line)`);
    return { text: (await Promise.all(ids.map(decide))).join('') };
  }

  function readReply(cmd: string, r: SessionRead, key: string | undefined): Reply {
    if (!r.found) {
      if (r.outcome.variant === 'bypass') return err(`unavailable ${r.outcome.code ?? 'INTERNAL'}`);
      return cmd === 'exists' ? ok('false') : err('no such session');
    }
    if (cmd === 'keys') return ok(keysJson(r.session));
    if (cmd === 'get_all') return ok(sessionJson(r.session));
    const v = valueAtPath(r.session, key ?? '');
    if (!v.ok) return err(`bad key: ${v.error}`);
    if (cmd === 'exists') return ok(v.value === undefined ? 'false' : 'true');
    return v.value === undefined ? err('no such key') : ok(valueJson(v.value));
  }

  return async (lineText, state) => {
    const [word, ...args] = tokens(lineText);
    if (word === undefined) return NONE; // blank line: ignored
    const cmd = word.toLowerCase();
    if (cmd === 'isauth') return isauth(args);
    if (cmd === 'quit') return { text: '', close: true };
    if (cmd === 'auth') {
      if (args.length !== 1) return err('usage: auth TOKEN');
      state.authed = tokenOk(args[0]);
      return state.authed ? line('ok') : { ...UNAUTHORIZED, close: true };
    }
    const read = Object.hasOwn(READS, cmd) ? READS[cmd] : undefined;
    if (read === undefined) return err('unknown command');
    if (!state.authed) return UNAUTHORIZED;
    if (args.length !== read.args) return err(`usage: ${read.usage}`);
    return readReply(cmd, await reader.read(args[0] as string), args[1]);
  };
}
