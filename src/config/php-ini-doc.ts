/** The "php.ini" section of docs/configuration.md (render.ts appends it). */
export const PHP_INI_DOC = `## php.ini (\`--php-ini\`, \`--php-fpm-pool\`)

\`isauth serve --php-ini /etc/php/8.2/fpm/php.ini [--php-fpm-pool /etc/php/8.2/fpm/pool.d/www.conf]\`
reads the settings the site's PHP uses and derives \`--store\`, \`--serializer\`, \`--cookie\` and
\`--max-age\` from them. \`--check-config\` shows, for each, the file, line and ini key it came
from (\`php.ini /etc/php/8.2/fpm/php.ini:1345: session.save_handler, …\`); a password in
\`session.save_path\` is never printed.

**Files read, in PHP's order** (a later setting wins): the php.ini; every \`*.ini\` in its scan
directories in name order — \`PHP_INI_SCAN_DIR\` from isauth's environment when set (\`:\`-separated,
an empty entry = the default), else \`conf.d\` next to the php.ini (Debian's layout:
\`/etc/php/8.2/fpm/conf.d\`); then the pool's \`php_value[…]\`/\`php_flag[…]\` and last its
\`php_admin_value[…]\`/\`php_admin_flag[…]\`, as php-fpm applies them. A pool file that sets values
in several pools is an error. Keys in \`[PATH=…]\`/\`[HOST=…]\` sections apply only to some requests:
they are skipped with a warning.

**Precedence**: command line > \`ISAUTH_*\` > \`--config\` file > php.ini > \`--framework\` defaults >
built-in defaults. php.ini ranks above a profile's defaults: a profile default is a guess, the
php.ini is what the site runs. \`--framework laravel\` and \`django\` do not use PHP's session module,
so \`--php-ini\` with them is an error. Options set by a higher source are not derived at all (an
unsupported handler is then no error).

| PHP setting | isauth |
|---|---|
| \`session.name\` | \`--cookie\` |
| \`session.serialize_handler\` | \`--serializer\` |
| \`session.gc_maxlifetime\` | \`--max-age\` |
| \`save_handler=files\`, \`save_path="N;MODE;/dir"\` | \`files:N;MODE;/dir\`; an empty save_path is PHP's temporary directory (\`sys_temp_dir\`, else \`/tmp\`); no save_path keeps isauth's default (Debian's compiled-in \`/var/lib/php/sessions\`) |
| \`save_handler=memcached\`, \`save_path="h1:11211,h2:11211:2"\` | \`memcached://h1:11211,h2:11211:2?prefix=…&hash=…\` from \`memcached.sess_prefix\`, \`memcached.sess_consistent_hash\` (Off → \`modulo\`) and \`memcached.sess_consistent_hash_type\`; \`&replicas=\` from \`memcached.sess_number_of_replicas\`; a php-memcached 2 \`PERSISTENT=…\` prefix is dropped with a warning |
| \`save_handler=memcache\`, \`save_path="tcp://h1:11211?weight=2, unix:///run/m.sock"\` (or \`memcache.session_save_path\`) | \`memcached://h1:11211:2,/run/m.sock?client=memcache&hash=…&hash_function=…&redundancy=…[&prefix=…]\` from \`memcache.hash_strategy\`, \`memcache.hash_function\`, \`memcache.session_redundancy\`, \`memcache.session_prefix_static_key\`; \`memcache.session_prefix_host_key\` is an error (the key depends on the request) |
| \`save_handler=redis\`, \`save_path="tcp://h:6379?auth=…&database=N&prefix=…"\` | \`redis://:…@h:6379/N?prefix=…\` (\`tls://\` → \`rediss://\`; \`auth[]=user&auth[]=pass\` → \`user:pass@\`); several servers → \`redis://h1:p1:w1,h2:p2/N?…\` (they must share auth, database and prefix); \`unix:///path?database=N\` → \`redis+unix:///path?database=N&prefix=…\` |
| \`save_handler=rediscluster\`, \`save_path="seed[]=h1:7000&seed[]=h2:7001&auth=…&failover=…"\` | \`redis-cluster://:…@h1:7000,h2:7001?prefix=…&read=…\` (\`failover\` none → master, error → replica, distribute → distribute) |
| \`redis.session.compression\` other than none | an error: isauth cannot read compressed sessions |
| any other \`session.save_handler\` (\`user\`, a framework's own) | an error naming the file and line: give \`--store\` (with \`?key=\` for a custom layout) |

Prefixes and hash settings are always written into the derived URL, defaults included.
Ini syntax: \`key = value\`, \`;\` comments, double quotes (multi-line, \`\\"\` escapes), single
quotes (raw), \`\${VAR}\` from isauth's environment, On/Off/Yes/No/True/False/None. PHP constants
and expressions (\`E_ALL & ~E_NOTICE\`) are left as text: no session setting uses them.
`;
