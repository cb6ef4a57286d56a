import type { OptionKey } from '../options/schema.js';

/**
 * One option's value as a source gave it, before validation: a string for one-value options,
 * a boolean for switches, a list for repeatable options. `origin` says where it came from, for
 * error messages: '' (command line), ` (ISAUTH_X)`, or ` (key "x" in FILE)`.
 */
export interface Raw {
  readonly value: string | boolean | readonly string[];
  readonly origin: string;
}

/** What one source contributed, plus the problems it found (unknown names, wrong types). */
export interface SourceResult {
  readonly values: Map<OptionKey, Raw>;
  readonly errors: string[];
  /** `--app-key-file FILE` and the like: the option whose value each named file holds (secret-files.ts). */
  readonly secretFiles?: Map<OptionKey, Raw>;
}

/** One item per line: lines trimmed, blank lines skipped (repeatable options in env vars and files). */
export function itemsPerLine(text: string): string[] {
  return text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '');
}
