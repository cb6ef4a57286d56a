/**
 * Framework tools print their answer as JSON after a marker line, so that whatever else the
 * application prints while it boots (a deprecation notice, a banner) cannot be mistaken for it.
 */
import { IsauthError } from '../errors.js';

export const MARKER = '@@isauth-init@@';

/** The JSON object after the marker; INIT_COMMAND when there is none. */
export function afterMarker(stdout: string, tool: string): Record<string, unknown> {
  const at = stdout.lastIndexOf(MARKER);
  if (at < 0) throw new IsauthError('INIT_COMMAND', `${tool} printed no answer (no ${MARKER} line): ${stdout.trim().slice(0, 300)}`);
  try {
    const doc = JSON.parse(stdout.slice(at + MARKER.length)) as unknown;
    if (typeof doc === 'object' && doc !== null && !Array.isArray(doc)) return doc as Record<string, unknown>;
  } catch {
    /* reported below */
  }
  throw new IsauthError('INIT_COMMAND', `${tool} printed an answer that is not a JSON object`);
}

/** A nested value by path (`a.b.c`), or undefined. */
export function dig(doc: unknown, path: string): unknown {
  let v: unknown = doc;
  for (const step of path.split('.')) {
    if (typeof v !== 'object' || v === null) return undefined;
    v = (v as Record<string, unknown>)[step];
  }
  return v;
}

/** A config value as text: strings as they are, numbers in decimal; else undefined. */
export function text(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return undefined;
}
