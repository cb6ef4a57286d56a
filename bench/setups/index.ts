/** Every setup, in run order, and `--only` selection. */
import { directIsauth, directNode } from './direct.js';
import { isauthTcp, isauthUnix } from './isauth.js';
import { limit } from './limit.js';
import { lua } from './lua.js';
import { phpFpm } from './php-fpm.js';
import { phpFpmFiles } from './php-fpm-files.js';
import { isauthFiles, isauthMariadb, isauthPostgres, isauthRedis, isauthRedisCluster } from './stores.js';
import type { Setup } from './types.js';
import { wordpressIsauth, wordpressPhp } from './wordpress.js';

export const SETUPS: readonly Setup[] = [
  limit, isauthTcp, isauthUnix, isauthRedis, isauthRedisCluster, isauthFiles, isauthMariadb, isauthPostgres,
  phpFpm, phpFpmFiles, lua, directIsauth, directNode, wordpressIsauth, wordpressPhp,
];

/** The setups named (by name or group) in `only`, in run order; throws on an unknown name. */
export function selectSetups(only: readonly string[] | undefined): Setup[] {
  if (!only || only.length === 0) return [...SETUPS];
  const unknown = only.filter((n) => !SETUPS.some((s) => s.name === n || s.group === n));
  if (unknown.length > 0) {
    throw new Error(`unknown setup(s): ${unknown.join(', ')} (known: ${SETUPS.map((s) => s.name).join(', ')}, groups: direct, isauth, stores, php-fpm, wordpress)`);
  }
  return SETUPS.filter((s) => only.includes(s.name) || only.includes(s.group));
}
