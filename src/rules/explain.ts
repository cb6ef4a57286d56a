/**
 * Why the rules decided as they did — for `isauth check`, never on the request path: the first
 * `--auth` expression that matched, the `--variant` that matched, and the values the rules looked
 * at (for a path rule the value at its path; for a preset the top-level variables it reads).
 */
import type { PhpSession, PhpValue } from '../php/types.js';
import { splitComparison } from './expression.js';
import type { Matcher } from './matcher.js';
import { compilePath, MISSING, parsePath } from './path.js';

export interface NamedMatcher {
  /** The expression as configured (`user|id`, `@laravel`, `admin=user|role=admin`). */
  readonly text: string;
  /** The expression's own text (for a variant: after `NAME=`). */
  readonly expr: string;
  readonly m: Matcher;
}

export interface Explanation {
  /** The first `--auth` expression that matched, or null (not logged in). */
  readonly auth: string | null;
  /** The first `--variant NAME=EXPR` that matched, or null. */
  readonly variant: string | null;
  /** What the rules read, in rule order; `value` undefined when the path leads nowhere. */
  readonly looked: ReadonlyArray<{ readonly path: string; readonly value: PhpValue | undefined }>;
}

/** The paths an expression reads: its own path, or a preset's top-level keys and prefixes (`login_web_*`). */
function pathsOf(n: NamedMatcher): string[] {
  const text = n.expr.trim();
  if (!text.startsWith('@')) {
    const segments = parsePath(splitComparison(text).path);
    if (typeof segments !== 'string') return [segments.join('|')];
  }
  return [...n.m.keys, ...n.m.prefixes.map((p) => `${p}*`)];
}

function lookedAt(session: PhpSession, path: string): Array<{ path: string; value: PhpValue | undefined }> {
  if (path.endsWith('*')) {
    const prefix = path.slice(0, -1);
    const found = [...session].filter(([k]) => typeof k === 'string' && k.startsWith(prefix));
    return found.length > 0 ? found.map(([k, value]) => ({ path: String(k), value })) : [{ path, value: undefined }];
  }
  const v = compilePath(path.split('|'))(session);
  return [{ path, value: v === MISSING ? undefined : v }];
}

export function explain(auth: readonly NamedMatcher[], variants: readonly NamedMatcher[], session: PhpSession): Explanation {
  const first = (list: readonly NamedMatcher[]): string | null => list.find((n) => n.m.test(session))?.text ?? null;
  const seen = new Set<string>();
  const looked: Array<{ path: string; value: PhpValue | undefined }> = [];
  for (const n of [...auth, ...variants]) {
    for (const p of pathsOf(n)) {
      if (seen.has(p)) continue;
      seen.add(p);
      looked.push(...lookedAt(session, p));
    }
  }
  return { auth: first(auth), variant: first(variants), looked };
}
