/**
 * Read-only views of a decoded session for other languages (docs/inspect.md): the whole session,
 * its top-level keys, the value at a rule path (`user|role`, src/rules/path.ts). JSON as in
 * `isauth decode` (docs/json-mapping.md).
 */
import { toJson } from '../php/to-json.js';
import { PhpBytes, type PhpSession, type PhpValue } from '../php/types.js';
import { compilePath, MISSING, parsePath } from '../rules/path.js';

/** The top-level variable names, in the session's order (integer keys as their digits). */
export function sessionKeys(session: PhpSession): string[] {
  return [...session.keys()].map((k) => (k instanceof PhpBytes ? Buffer.from(k.bytes).toString('latin1') : String(k)));
}

export function keysJson(session: PhpSession): string {
  return JSON.stringify(sessionKeys(session));
}

export type PathValue = { readonly ok: true; readonly value: PhpValue | undefined } | { readonly ok: false; readonly error: string };

/** The value at a rule path (`value` undefined when the path leads nowhere), or the path's problem. */
export function valueAtPath(session: PhpSession, path: string): PathValue {
  const segments = parsePath(path);
  if (typeof segments === 'string') return { ok: false, error: segments };
  const v = compilePath(segments)(session);
  return { ok: true, value: v === MISSING ? undefined : v };
}

export const sessionJson = (session: PhpSession): string => toJson(session);
export const valueJson = (v: PhpValue): string => toJson(v);
