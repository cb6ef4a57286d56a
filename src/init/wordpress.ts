/**
 * WordPress (`wp-config.php`): the settings come from wp-config.php, read statically by isauth's
 * own reader — the one `isauth serve --wp-config` uses (src/config/wp-config-source.ts): the
 * database (→ --store), `$table_prefix`, the logged_in key and salt (or `@option` when WordPress
 * keeps them in its options), and the cookie name where wp-config.php sets LOGGED_IN_COOKIE or
 * COOKIEHASH. Otherwise the cookie's name depends on the `siteurl` option in the database, so
 * WordPress is asked: a few lines of PHP load it (SHORTINIT: the database and options, no
 * plugins or theme) and print the LOGGED_IN_COOKIE that `wp_cookie_constants()` defines (after
 * `wp_plugin_directory_constants()`, as wp-settings.php calls them).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readWpConfigSource } from '../config/wp-config-source.js';
import type { InitContext } from './context.js';
import { DerivationBuilder, type Derivation } from './derived.js';
import { afterMarker, MARKER, text } from './json-output.js';

/** The PHP that runs (php -r) when wp-config.php does not name the cookie. */
export const WORDPRESS_PHP = `define('SHORTINIT', true);
require 'wp-load.php';
wp_plugin_directory_constants();
wp_cookie_constants();
echo "\\n${MARKER}", json_encode(['version' => $GLOBALS['wp_version'], 'LOGGED_IN_COOKIE' => LOGGED_IN_COOKIE]), "\\n";`;

export async function inspectWordPress(ctx: InitContext, wpConfig: string | undefined): Promise<Derivation> {
  const b = new DerivationBuilder();
  const path = wpConfig ?? join(ctx.appDir, 'wp-config.php');
  let source: string;
  try {
    source = readFileSync(path, 'utf8');
  } catch (err) {
    b.problem(`${path} cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'}): give --wp-config`);
    return b.build();
  }
  b.set('framework', 'wordpress', `${path}: a WordPress site`);
  const read = readWpConfigSource(path, source, () => false);
  for (const e of read.errors) b.problem(`${e} (give --wp-config with the file that defines the settings, e.g. Debian's /etc/wordpress/config-HOST.php)`);
  for (const [key, raw] of read.values) b.set(key, raw.value as string, raw.origin.trim().replace(/^\((.*)\)$/, '$1'));
  b.readsFile('wpConfig', path, [...read.values.keys()]);
  if (read.errors.length === 0 && !b.has('cookie') && !b.has('wpSiteurl')) {
    const out = await ctx.tool([ctx.php, '-r', WORDPRESS_PHP], "wp-config.php does not name the logged_in cookie (it derives from the siteurl option); to read the name WordPress uses");
    const doc = afterMarker(out, 'php (WordPress)');
    const cookie = text(doc.LOGGED_IN_COOKIE);
    if (!cookie) b.problem('WordPress printed no LOGGED_IN_COOKIE: give --cookie');
    else b.set('cookie', cookie, `WordPress ${text(doc.version) ?? ''} LOGGED_IN_COOKIE (wp_cookie_constants(): md5 of the siteurl option)`.replace('  ', ' '));
  }
  if (b.has('store')) b.note('the store URL uses wp-config.php\'s database account; isauth needs only SELECT on the users, usermeta and options tables: a read-only account is safer');
  return b.build();
}
