/** The key prefixes PHP's own session handlers use, by store kind. */
export const PHP_KEY_PREFIX = Object.freeze({
  files: 'sess_', // ext/session/mod_files.c
  memcached: 'memc.sess.key.', // memcached.sess_prefix
  redis: 'PHPREDIS_SESSION:', // phpredis' session prefix
  'redis-sentinel': 'PHPREDIS_SESSION:', // phpredis' `redis` handler pointed at the master
  'redis-cluster': 'PHPREDIS_CLUSTER_SESSION:', // phpredis' `rediscluster` handler (redis_session.c)
  cookie: '', // the session is the cookie: the "key" is the cookie value itself
} as const);
