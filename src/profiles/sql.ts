/**
 * The stage choices an SQL store needs on top of a profile's (src/stores/sql/, docs/sql.md):
 *
 *   store key      Drupal: Crypt::hashBase64(id) (src/store-key/drupal.ts); else the profile's (the id itself,
 *                  WordPress's login)
 *   store column   the decision column (Laravel `user_id`, Drupal `uid`) when the rules read
 *                  nothing else — e.g. `--auth user_id`, `--auth uid` — else the data column
 *   value codec    decision column: identity; Laravel's payload: base64 then the profile's codec
 *   session format decision column: one variable named after it (src/session-format/column.ts);
 *                  data column: the profile's format (php serializers, Django's signed JSON…)
 *
 * The choice depends only on the configuration (the rules), so the request path and the session
 * reader see the same store. The store itself knows nothing of this: it reads the column its
 * spec names.
 */
import type { Config } from '../options/schema.js';
import { compileRules } from '../rules/index.js';
import { columnFormat } from '../session-format/column.js';
import { drupalKey } from '../store-key/drupal.js';
import type { SqlStoreSpec } from '../stores/sql/spec.js';
import { base64Codec } from '../value-codec/base64.js';
import { identityCodec } from '../value-codec/identity.js';
import type { StageChoices } from './types.js';

/** The decision column when the rules read only it, else undefined. */
export function decisionColumn(spec: SqlStoreSpec, config: Pick<Config, 'auth' | 'variants'>): string | undefined {
  const col = spec.columns.decision;
  if (col === undefined) return undefined;
  const keys = compileRules(config.auth, config.variants).topLevelKeys;
  return keys !== null && keys.size > 0 && [...keys].every((k) => k === col) ? col : undefined;
}

/** `payload`: the profile's own choices for the data column. Returns them adjusted for `spec`. */
export function sqlStageChoices(spec: SqlStoreSpec, config: Config, payload: StageChoices): StageChoices {
  const keyScheme = spec.schema === 'drupal' ? drupalKey : payload.keyScheme;
  const decision = decisionColumn(spec, config);
  if (decision !== undefined) {
    return {
      ...payload,
      keyScheme,
      valueCodec: identityCodec(),
      format: columnFormat(decision),
      storeSpec: { ...spec, columns: { ...spec.columns, data: decision } },
    };
  }
  const valueCodec = spec.schema === 'laravel' ? base64Codec({ maxBytes: config.maxSessionBytes }, payload.valueCodec) : payload.valueCodec;
  return { ...payload, keyScheme, valueCodec };
}
