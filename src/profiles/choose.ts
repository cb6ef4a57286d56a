/**
 * The one place a configuration becomes stage choices: the profile's row for the store's family
 * (types.ts), with the store key resolved here for EVERY profile:
 *
 *   1. the store URL's `?key=` template (a custom save handler's key; placement by the whole key);
 *   2. pecl memcache's handler (`?client=memcache`): its own key and placement, for applications
 *      that can run on PHP's handlers (`StoreRow.pecl`);
 *   3. a row's own key scheme (WordPress's login), on stores that take no key options;
 *   4. the URL's `?prefix=`, else the row's prefix — placed as the row says.
 *
 * A store family that the profile's table lacks, a pecl-written store for an application that
 * cannot have one, and an SQL table preset the application does not write are refused by
 * `storeProblems` at startup — never silently read another way.
 */
import type { Config } from '../options/schema.js';
import type { KeyFilter } from '../php/options.js';
import { prefixKey } from '../store-key/prefix.js';
import { templateKey } from '../store-key/template.js';
import type { KeyScheme } from '../store-key/types.js';
import type { StoreSpec } from '../stores/types.js';
import { chainCodecs } from '../value-codec/chain.js';
import { identityCodec } from '../value-codec/identity.js';
import { peclMemcacheCodec } from '../value-codec/pecl-memcache.js';
import { phpMemcachedCodec } from '../value-codec/php-memcached.js';
import type { ValueCodec } from '../value-codec/types.js';
import { PROFILES } from './registry.js';
import { sqlStageChoices } from './sql.js';
import type { FromConfig, Profile, StageChoices, StoreFamily, StoreRow } from './types.js';

export function storeFamily(spec: StoreSpec): StoreFamily {
  return spec.kind === 'redis-cluster' || spec.kind === 'redis-sentinel' ? 'redis' : spec.kind;
}

const value = <T>(v: FromConfig<T>, config: Config): T => (typeof v === 'function' ? (v as (c: Config) => T)(config) : v);

/** Stage 3 for `spec` (the rules above). */
export function keySchemeFor(spec: StoreSpec, row: StoreRow, config: Config): KeyScheme {
  if ('keyTemplate' in spec && spec.keyTemplate !== undefined) return templateKey(spec.keyTemplate);
  if (row.key !== undefined) return row.key;
  if (spec.kind === 'memcached' && spec.pecl !== undefined) return prefixKey(spec.prefix ?? '', 'key');
  const prefix = ('prefix' in spec ? spec.prefix : undefined) ?? value(row.prefix, config);
  return prefixKey(prefix, row.placeBy ?? 'id');
}

/**
 * The value codec of the store itself: memcached values carry the writing client's flags, and
 * the two PHP clients' flag bits collide (pecl memcache's 2 = zlib is php-memcached's 2 = double),
 * so the URL says which (`?client=memcache`, else php-memcached). Other stores carry no flags.
 */
function storeCodec(spec: StoreSpec, maxBytes: number): ValueCodec {
  if (spec.kind !== 'memcached') return identityCodec();
  return spec.pecl !== undefined ? peclMemcacheCodec({ maxBytes }) : phpMemcachedCodec({ maxBytes });
}

/**
 * A userland php-memcached client's default placement, for URLs that do not say `hash=`
 * (Symfony's MemcachedAdapter sets LIBKETAMA_COMPATIBLE: weighted ketama; Laravel's skeleton
 * sets nothing: php-memcached's modula).
 */
function withDistribution(spec: StoreSpec, row: StoreRow): StoreSpec {
  if (spec.kind !== 'memcached' || row.distribution === undefined || spec.pecl !== undefined || spec.distributionGiven) return spec;
  return { ...spec, distribution: row.distribution };
}

/** What is wrong with using `profile` on the store `spec` (empty when nothing). */
export function storeProblems(profile: Profile, name: string, spec: StoreSpec): string[] {
  const family = storeFamily(spec);
  const row = profile.stores[family];
  const families = Object.keys(profile.stores).join(', ');
  if (row === undefined) return [`--store: --framework ${name} does not keep sessions in a ${family === 'cookie' ? 'cookie: store' : `${family} store`} (it can read ${families})`];
  if (spec.kind === 'memcached' && spec.pecl !== undefined && row.pecl !== true) {
    return [`--store: ?client=memcache (pecl memcache's session handler) cannot have written --framework ${name}'s sessions: drop it`];
  }
  if (spec.kind === 'sql' && row.sqlSchemas !== undefined && !row.sqlSchemas.includes(spec.schema)) {
    const given = spec.schema === 'plain' ? 'no ?schema= (the plain preset)' : `?schema=${spec.schema}`;
    return [`--store: --framework ${name} writes its own table: ${given} does not describe it; use ?schema=${row.sqlSchemas[0]} (or explicit table= and columns)`];
  }
  return [];
}

/** The stage choices of `config`'s profile for its store; `wanted`: the variables to decode. */
export function chooseStages(config: Config, wanted: KeyFilter): StageChoices {
  const profile = PROFILES[config.framework];
  const spec = config.store.spec;
  const row = profile.stores[storeFamily(spec)];
  if (row === undefined) throw new Error(`chooseStages: ${storeProblems(profile, config.framework, spec).join('; ')}`);
  const layers = [...(row.layers?.(config) ?? []), ...(profile.layers?.(config) ?? [])];
  const choices: StageChoices = {
    ...(profile.cookieJar && { cookieJar: profile.cookieJar }),
    cookieCodec: (row.cookie ?? profile.cookie)(config),
    keyScheme: keySchemeFor(spec, row, config),
    valueCodec: chainCodecs(row.flags && spec.kind === 'memcached' ? row.flags(config) : storeCodec(spec, config.maxSessionBytes), ...layers),
    format: (row.format ?? profile.format)(config, wanted),
    storeSpec: row.spec?.(spec, config) ?? withDistribution(spec, row),
  };
  // SQL: Drupal's hashed key, a decision column, Laravel's base64 payload (sql.ts).
  return spec.kind === 'sql' ? sqlStageChoices(spec, config, choices) : choices;
}
