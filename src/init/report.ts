/**
 * What `isauth init` found, for the operator: one block per option — the isauth option and its
 * value (secrets hidden, store passwords masked), then where it came from — followed by notes.
 */
import { OPTIONS } from '../options/schema.js';
import { shownValue, type Derivation } from './derived.js';

export function renderFindings(d: Derivation): string {
  const out: string[] = [];
  for (const o of d.options) {
    out.push(`  ${OPTIONS[o.key].flag} ${shownValue(o)}`);
    out.push(`      ← ${o.origin}`);
  }
  for (const n of d.notes) out.push(`  note: ${n}`);
  return `${out.join('\n')}\n`;
}

export function renderProblems(d: Derivation): string {
  return d.problems.map((p) => `  - ${p}\n`).join('');
}
