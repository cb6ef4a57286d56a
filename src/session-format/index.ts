/**
 * The session format for `--serializer`: one of PHP's own (src/php/) or JSON (sessions that a
 * custom save handler stores with json_encode so PHP and another language can share them).
 */
import type { KeyFilter } from '../php/options.js';
import { jsonFormat } from './json.js';
import type { SessionSerializer } from './names.js';
import { phpFormat } from './php.js';
import type { SessionFormat } from './types.js';

export function serializerFormat(serializer: SessionSerializer, maxDepth: number, wanted: KeyFilter): SessionFormat {
  return serializer === 'json' ? jsonFormat({ maxDepth }) : phpFormat(serializer, { maxDepth, wanted });
}

export type { SessionFormat } from './types.js';
