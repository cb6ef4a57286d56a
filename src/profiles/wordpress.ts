/**
 * `--framework wordpress`: WordPress's own logged-in check — `wp_validate_auth_cookie()` and
 * `WP_Session_Tokens::verify()` — on the site's MySQL/MariaDB database (docs/wordpress.md):
 *
 *   cookie   wordpress_logged_in_<md5(siteurl)>   (--cookie, or --wp-siteurl, or --wp-config)
 *   codec    login|expiration|token|hmac, slashed and URL-decoded, expiration as on a GET (src/cookie-codec/wordpress.ts)
 *   key      the login (src/store-key/wordpress.ts)
 *   store    one statement: the user, its session_tokens and capabilities rows, the salt options if needed (src/stores/sql/wordpress.ts)
 *   format   HMAC with wp_salt('logged_in'), session token and its expiry → {login, id, roles} (src/session-format/wordpress.ts)
 *   rules    @wordpress (a user id); `--variant admin='roles|administrator'`
 */
import { createHash } from 'node:crypto';
import type { Config } from '../options/schema.js';
import { wordpressCookieCodec } from '../cookie-codec/wordpress.js';
import { IsauthError } from '../errors.js';
import { optionsToRead, wordpressFormat } from '../session-format/wordpress.js';
import { wordpressLoginKey } from '../store-key/wordpress.js';
import type { Profile } from './types.js';

/** The value of `--wp-logged-in-key`/`-salt` that means "WordPress's site option in the database". */
export const FROM_OPTION = '@option';

/** WordPress's cookie name for a site URL: `wordpress_logged_in_` . md5(untrailingslashit(siteurl)). */
export function loggedInCookieName(siteurl: string): string {
  return `wordpress_logged_in_${createHash('md5').update(siteurl.replace(/[/\\]+$/, '')).digest('hex')}`;
}

/** wp_salt('logged_in')'s halves as configured; undefined = WordPress's option in the database. */
const saltOf = (config: Config) => ({
  key: config.wpLoggedInKey === FROM_OPTION ? undefined : config.wpLoggedInKey,
  salt: config.wpLoggedInSalt === FROM_OPTION ? undefined : config.wpLoggedInSalt,
});

export const wordpress = Object.freeze<Profile>({
  title: "WordPress (the logged_in cookie checked against the site's database)",
  ownOptions: ['wpSiteurl', 'wpTablePrefix', 'wpLoggedInKey', 'wpLoggedInSalt'],
  refuses: ['serializer'],
  phpSessions: false,
  defaults(given) {
    const siteurl = given('wpSiteurl');
    if (given('cookie') === undefined && (siteurl === undefined || siteurl === '')) {
      throw new IsauthError('CONFIG_INVALID', '--cookie: --framework wordpress needs the logged_in cookie\'s name: give --wp-config, --wp-siteurl URL (the WordPress Address of Settings → General) or --cookie wordpress_logged_in_<hash>');
    }
    return { auth: ['@wordpress'], ...(siteurl ? { cookie: loggedInCookieName(siteurl) } : {}) };
  },
  check(config) {
    const problems: string[] = [];
    const spec = config.store.spec;
    if (spec.kind === 'sql' && spec.dialect !== 'mysql') {
      problems.push('--store: --framework wordpress reads the site\'s MySQL/MariaDB database: give mysql://USER:PASS@HOST/DB, or --wp-config');
    }
    for (const [flag, value] of [['--wp-logged-in-key', config.wpLoggedInKey], ['--wp-logged-in-salt', config.wpLoggedInSalt]] as const) {
      if (value === '') problems.push(`${flag}: --framework wordpress needs wp_salt('logged_in'): give --wp-config, the value of wp-config.php's constant, or ${FROM_OPTION} when WordPress keeps it in the database`);
    }
    return problems;
  },
  cookie: () => wordpressCookieCodec(),
  format: (config) => wordpressFormat({ ...saltOf(config), maxDepth: config.maxDepth }),
  stores: {
    sql: {
      prefix: '',
      key: wordpressLoginKey,
      sqlSchemas: ['plain'],
      spec: (spec, config) =>
        spec.kind === 'sql' ? { ...spec, wordpress: { kind: 'wordpress', prefix: config.wpTablePrefix, options: optionsToRead(saltOf(config)) } } : spec,
    },
  },
});
