/**
 * Stage 3 of the path: the validated session id → the key the store reads, and what placement
 * hashes to find the server or directory level (`placeBy`): PHP's session handlers place by the
 * bare id, userland clients (Symfony's and Laravel's php-memcached caches) by the whole key.
 */
export interface KeyScheme {
  key(id: string): string;
  /** `id`: placement hashes the bare id; `key`: the whole key. */
  readonly placeBy: 'id' | 'key';
}
