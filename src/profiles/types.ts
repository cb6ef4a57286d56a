import type { Config, OptionKey } from '../options/schema.js';
import type { CookieCodec } from '../cookie-codec/types.js';
import type { KeyFilter } from '../php/options.js';
import type { CookieJar } from '../session-ref/index.js';
import type { SessionFormat } from '../session-format/types.js';
import type { KeyScheme } from '../store-key/types.js';
import type { SqlSchemaName } from '../stores/sql/spec.js';
import type { StoreSpec } from '../stores/types.js';
import type { ValueCodec } from '../value-codec/types.js';

/** What a profile's table yields for one configuration: stages 1 (how cookies are read), 2, 3, 5 and 6 of the path. */
export interface StageChoices {
  /** How the application reads the Cookie header; absent: PHP's `$_COOKIE` (src/session-ref/cookie.ts). */
  readonly cookieJar?: CookieJar;
  readonly cookieCodec: CookieCodec;
  readonly keyScheme: KeyScheme;
  readonly valueCodec: ValueCodec;
  readonly format: SessionFormat;
  /**
   * The store to read instead of `--store`'s as parsed: an SQL store's decision column
   * (src/profiles/sql.ts), a framework client's memcached placement (choose.ts).
   */
  readonly storeSpec?: StoreSpec;
}

/** Store kinds as a profile's table lists them: `redis` stands for one server, a pool, Cluster and Sentinel. */
export type StoreFamily = 'files' | 'memcached' | 'redis' | 'sql' | 'cookie';

/** A value that may depend on the final configuration (Laravel's names come from `--app-name`). */
export type FromConfig<T> = T | ((config: Config) => T);

/**
 * One row of a profile's table: how the application writes its sessions to one store family.
 * Everything not given is the profile's own choice (its `cookie`, `format`, `layers`).
 */
export interface StoreRow {
  /**
   * The key prefix the application uses on this store ('' = the bare id). The store URL's
   * `?prefix=` or `?key=` template wins over it (src/profiles/choose.ts, the one place the key is
   * resolved); a store without those options always uses this.
   */
  readonly prefix: FromConfig<string>;
  /**
   * A key that is not `prefix + reference` (WordPress: the login, the first part of its cookie).
   * Such a row's store must take no `?prefix=`/`?key=` (SQL, cookie:).
   */
  readonly key?: KeyScheme;
  /** The store spec as this application's rows are read (WordPress: its own statement over users and usermeta). */
  readonly spec?: (spec: StoreSpec, config: Config) => StoreSpec;
  /** What placement hashes (memcached servers, phpredis pools): the bare id (PHP's handlers) or the whole key (userland clients). */
  readonly placeBy?: 'id' | 'key';
  /** memcached: the distribution of the application's client when the URL says no `hash=`. */
  readonly distribution?: 'ketama_weighted' | 'modulo';
  /**
   * memcached: the codec of the writing client's flags, when it is not a PHP client (Django's
   * pymemcache). Default: php-memcached's, or pecl memcache's with `?client=memcache`.
   */
  readonly flags?: (config: Config) => ValueCodec;
  /** Value codecs after the store's own (memcached's flags), e.g. Laravel's Redis `s:N:"…";`. */
  readonly layers?: (config: Config) => readonly ValueCodec[];
  readonly cookie?: (config: Config) => CookieCodec;
  readonly format?: (config: Config, wanted: KeyFilter) => SessionFormat;
  /** memcached: whether a value written by pecl memcache's session handler (`?client=memcache`) can be this application's. */
  readonly pecl?: boolean;
  /** sql: the `?schema=` presets this application's table can be (`custom` = explicit columns). */
  readonly sqlSchemas?: readonly SqlSchemaName[];
}

/**
 * A framework profile (`--framework NAME`): a table of stage choices per store family, plus
 * defaults for existing options (a user's flag, env var or file key still wins). A profile only
 * picks and configures stages; it never adds a branch to the request path. Adding a framework is
 * its file here and its line in `index.ts`.
 */
export interface Profile {
  /** One line for `--help` and errors. */
  readonly title: string;
  /** Options that only this profile reads (e.g. `--app-key`): given to another profile, an error. */
  readonly ownOptions?: readonly OptionKey[];
  /** General options that do not apply to this profile: given, an error. */
  readonly refuses?: readonly OptionKey[];
  /** Whether php.ini's session settings describe this application's sessions (`--php-ini`). */
  readonly phpSessions: boolean;
  /**
   * The application's setting that this profile's `--max-age` default stands for (e.g. Laravel's
   * `SESSION_LIFETIME`), named when a store relies on that assumed value (src/config/notes.ts).
   */
  readonly lifetimeSetting?: string;
  /**
   * Option defaults, written as a user would type them. `given(key)` is what the user set for
   * another option (e.g. Laravel's cookie name comes from `--app-name`), or undefined. May throw
   * an IsauthError (CONFIG_INVALID) with a message for the user.
   */
  defaults(given: (key: OptionKey) => string | undefined): Partial<Record<OptionKey, string | readonly string[]>>;
  /** Problems with the final configuration that only this profile knows (a missing key…). */
  check?(config: Config): string[];
  /** How the application reads the Cookie header; absent: PHP's `$_COOKIE` (src/session-ref/cookie.ts). */
  readonly cookieJar?: CookieJar;
  readonly cookie: (config: Config) => CookieCodec;
  readonly format: (config: Config, wanted: KeyFilter) => SessionFormat;
  /** Value codecs after every store's own, e.g. Laravel's SESSION_ENCRYPT. */
  readonly layers?: (config: Config) => readonly ValueCodec[];
  /** The store families this application can write; any other is refused at startup. */
  readonly stores: Readonly<Partial<Record<StoreFamily, StoreRow>>>;
}
