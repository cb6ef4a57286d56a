/**
 * What `isauth init` learns from an application: isauth options, each with its origin (the
 * framework setting or file it came from), plus what it could not derive and what is worth saying.
 * Every route (laravel.ts, symfony.ts, django.ts, php.ts…) returns one `Derivation`.
 */
import { OPTIONS, type OptionKey } from '../options/schema.js';

export type OptionValue = string | boolean | readonly string[];

export interface Derived {
  /** The option's file key (`store`, `appKey`…): what `--config` reads. */
  readonly key: OptionKey;
  readonly value: OptionValue;
  /** Where the value came from, e.g. `Laravel config('session.cookie')`; never the value itself. */
  readonly origin: string;
}

export interface Derivation {
  readonly options: readonly Derived[];
  /** What stops the derivation: each names the setting and what to give instead. */
  readonly problems: readonly string[];
  /** Facts worth a line (a setting the framework ignores, a default kept…). */
  readonly notes: readonly string[];
  /**
   * The application file that isauth itself can read at each start (`"wpConfig"`), and the
   * options it gives: the config file may name it instead of copying them (config-file.ts).
   */
  readonly appFile?: AppFileRef;
}

export interface AppFileRef {
  readonly key: 'wpConfig';
  readonly path: string;
  readonly keys: readonly OptionKey[];
}

/** Collects a Derivation; `set` keeps the first value of an option (the most specific source). */
export class DerivationBuilder {
  private readonly options: Derived[] = [];
  private readonly problems: string[] = [];
  private readonly notes: string[] = [];
  private appFile: AppFileRef | undefined;

  set(key: OptionKey, value: OptionValue, origin: string): this {
    if (!this.options.some((o) => o.key === key)) this.options.push({ key, value, origin });
    return this;
  }

  has(key: OptionKey): boolean {
    return this.options.some((o) => o.key === key);
  }

  /** `path` gives `keys`, and isauth reads it itself (`--wp-config`'s reader). */
  readsFile(key: AppFileRef['key'], path: string, keys: readonly OptionKey[]): this {
    this.appFile = { key, path, keys: [...keys] };
    return this;
  }

  problem(text: string): this {
    this.problems.push(text);
    return this;
  }

  note(text: string): this {
    this.notes.push(text);
    return this;
  }

  /** Another derivation's options (those not set yet), problems, notes and application file. */
  merge(other: Derivation): this {
    for (const o of other.options) this.set(o.key, o.value, o.origin);
    this.problems.push(...other.problems);
    this.notes.push(...other.notes);
    if (other.appFile !== undefined) this.appFile = other.appFile;
    return this;
  }

  /** `who` (`Laravel`, `Django`…) starts every origin that does not name a file already. */
  build(who?: string): Derivation {
    const options = who === undefined ? [...this.options] : this.options.map((o) => (/^(php\.ini|php-fpm pool|artisan|manage\.py|bin\/console|isauth init)/.test(o.origin) ? o : { ...o, origin: `${who} ${o.origin}` }));
    return { options, problems: [...this.problems], notes: [...this.notes], ...(this.appFile !== undefined && { appFile: this.appFile }) };
  }
}

/** Secret options (app keys, secret keys, tokens) are never printed, only counted. */
export function isSecret(key: OptionKey): boolean {
  return (OPTIONS[key] as { secret?: boolean }).secret === true;
}

/** A store URL's password, if any, is a secret too. */
export function storeHasPassword(url: string): boolean {
  return /^[a-z+-]+:\/\/[^/@]*:[^/@]*@/i.test(url);
}

/** The value as `--check-config` would show it: secrets hidden, store passwords masked. */
export function shownValue(d: Derived): string {
  if (isSecret(d.key)) return Array.isArray(d.value) ? `(${d.value.length} key${d.value.length === 1 ? '' : 's'}, not shown)` : '(set, not shown)';
  if (d.key === 'store' && typeof d.value === 'string') return d.value.replace(/^([a-z+-]+:\/\/[^/@]*?:)[^/@]*@/i, '$1***@');
  if (Array.isArray(d.value)) return d.value.map((v) => JSON.stringify(v)).join(' ');
  return String(d.value);
}
