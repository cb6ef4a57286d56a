/**
 * The WordPress preset of the SQL store (MySQL/MariaDB): ONE statement per decision that reads,
 * for the login in the cookie, everything `wp_validate_auth_cookie()` and
 * `WP_Session_Tokens::verify()` read — the user's ID and password hash from `<prefix>users`,
 * the `session_tokens` and `<prefix>capabilities` rows of `<prefix>usermeta` (the first of each,
 * by umeta_id, as get_user_meta(…, true) takes it), and the `logged_in_key`/`logged_in_salt`
 * options when wp-config.php does not define the salts.
 *
 * The login is the only parameter. The answer is always one row, one column: a JSON array
 * `[ID, user_pass, session_tokens, capabilities, option…]` (NULL → null; ID null when no such
 * user), decoded by src/session-format/wordpress.ts. Table names come from the validated prefix.
 */
import { IsauthError } from '../../errors.js';

export type WordPressOption = 'logged_in_key' | 'logged_in_salt';

export interface WordPressTables {
  readonly kind: 'wordpress';
  /** `$table_prefix`: `[A-Za-z0-9_]{0,40}`. */
  readonly prefix: string;
  /** Site options read with the user (the salt halves wp-config.php leaves to the database), in this order. */
  readonly options: readonly WordPressOption[];
}

const PREFIX = /^[A-Za-z0-9_]{0,40}$/;
export const isWordPressPrefix = (p: string): boolean => PREFIX.test(p);

/** The fields of the row, in order. */
export const WORDPRESS_ROW = ['id', 'userPass', 'sessionTokens', 'capabilities'] as const;

export interface WordPressSelect {
  readonly sql: string;
  /** Nothing but the login is bound. */
  readonly params: () => number[];
  /** The store's own key check: a login of 1–256 characters (a parameter, never SQL text). */
  acceptsKey(key: string): boolean;
}

export function wordpressSelect(t: WordPressTables): WordPressSelect {
  if (!isWordPressPrefix(t.prefix)) throw new IsauthError('STORE_URL', `not a WordPress table prefix: ${JSON.stringify(t.prefix)}`);
  const table = (name: string): string => `\`${t.prefix}${name}\``;
  // A string literal built only from [A-Za-z0-9_]: the prefix is validated above.
  const meta = (key: string): string =>
    `(SELECT m.\`meta_value\` FROM ${table('usermeta')} AS m WHERE m.\`user_id\` = u.\`ID\` AND m.\`meta_key\` = '${key}' ORDER BY m.\`umeta_id\` LIMIT 1)`;
  const option = (name: WordPressOption): string =>
    `(SELECT o.\`option_value\` FROM ${table('options')} AS o WHERE o.\`option_name\` = '${name}' LIMIT 1)`;
  const fields = ['u.`ID`', 'u.`user_pass`', meta('session_tokens'), meta(`${t.prefix}capabilities`), ...t.options.map(option)];
  const sql =
    `SELECT CAST(JSON_ARRAY(${fields.join(', ')}) AS CHAR) ` +
    `FROM (SELECT 1) AS \`one\` LEFT JOIN (SELECT \`ID\`, \`user_pass\` FROM ${table('users')} WHERE \`user_login\` = ? LIMIT 1) AS u ON 1 = 1`;
  return { sql, params: () => [], acceptsKey: (key) => key.length >= 1 && key.length <= 256 };
}
