import type { Config, OptionKey } from '../config/schema.js';
import type { CookieCodec } from '../cookie-codec/types.js';
import type { KeyFilter } from '../php/options.js';
import type { CookieJar } from '../session-ref/index.js';
import type { SessionFormat } from '../session-format/types.js';
import type { KeyScheme } from '../store-key/types.js';
import type { StoreSpec } from '../stores/types.js';
import type { ValueCodec } from '../value-codec/types.js';

/** What a profile chooses: stages 1 (how cookies are read), 2, 3, 5 and 6 of the path (the store and rules come from config). */
export interface StageChoices {
  /** How the application reads the Cookie header; default PHP's `$_COOKIE` (src/session-ref/cookie.ts). */
  readonly cookieJar?: CookieJar;
  readonly cookieCodec: CookieCodec;
  readonly keyScheme: KeyScheme;
  readonly valueCodec: ValueCodec;
  readonly format: SessionFormat;
  /**
   * The store to read instead of `--store`'s as parsed: an SQL store's decision column
   * (src/profiles/sql.ts), a framework client's memcached placement (memcached-client.ts).
   */
  readonly storeSpec?: StoreSpec;
}

/**
 * A framework profile (`--framework NAME`): defaults for existing options (a user's flag, env var
 * or file key still wins) and the stage choices for the final configuration. A profile only picks
 * and configures stages; it never adds a branch to the request path.
 */
export interface Profile {
  /**
   * Option defaults, written as a user would type them. `given(key)` is what the user set for
   * another option (e.g. Laravel's cookie name comes from `--app-name`), or undefined. May throw
   * an IsauthError (CONFIG_INVALID) with a message for the user.
   */
  defaults(given: (key: OptionKey) => string | undefined): Partial<Record<OptionKey, string | readonly string[]>>;
  /** Problems with the final configuration that only this profile knows (a missing key…). */
  check?(config: Config): string[];
  /** `wanted`: the top-level session variables to build (the rules' needs; everything for inspection). */
  stages(config: Config, wanted: KeyFilter): StageChoices;
}
