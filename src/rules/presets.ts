import { PhpObject } from '../php/types.js';
import { isTruthy } from './truthy.js';
import { allOf, anyOf, not, setAt, truthyAt, truthyWithPrefix, type Matcher } from './matcher.js';

/**
 * Symfony 2+: `$_SESSION['_sf2_attributes']` holds `_security_<firewall>` (the serialized token)
 * while someone is logged in on that firewall. Symfony removes the key for anonymous tokens; the
 * target-path entries are named `_security.<firewall>.target_path` (a dot, not `_`), so they do
 * not count.
 */
const symfony: Matcher = {
  test: (s) => {
    const attrs = s.get('_sf2_attributes');
    if (!(attrs instanceof Map)) return false;
    for (const [k, v] of attrs) {
      if (typeof k === 'string' && k.startsWith('_security_') && k.length > 10 && isTruthy(v)) return true;
    }
    return false;
  },
  keys: ['_sf2_attributes'],
  prefixes: [],
};

/** Cake 4+/5 Authentication plugin: `$_SESSION['Auth']` is the identity object itself. */
const cakeIdentityObject: Matcher = {
  test: (s) => {
    return s.get('Auth') instanceof PhpObject;
  },
  keys: ['Auth'],
  prefixes: [],
};

const PRESETS_NO_DEFAULT = {
  /** symfony 1.x: `symfony/user/sfUser/authenticated` (one key) is true. */
  symfony1: truthyAt('symfony/user/sfUser/authenticated'),
  symfony,
  /**
   * Laravel: `login_web_59ba36addc2b2f9401580f014c7f58ea4e30989d` — `login_<guard>_` + sha1 of
   * `Illuminate\Auth\SessionGuard` — holds the user id for the default `web` guard. Any key
   * starting `login_web_` counts, so a subclassed guard (other hash) is found too.
   */
  laravel: truthyWithPrefix('login_web_'),
  /**
   * Django (`django.contrib.auth.login`): `_auth_user_id` holds the user's primary key (a string
   * in JSON sessions) while someone is logged in; `logout()` flushes the session.
   */
  django: setAt('_auth_user_id'),
  /**
   * WordPress (`--framework wordpress`): the session isauth builds from a logged_in cookie that
   * WordPress's own check accepts holds the user's `id` (src/session-format/wordpress.ts).
   */
  wordpress: truthyAt('id'),
  /** Yii 2: `yii\web\User` keeps the identity id in `__id`; a guest has none. */
  yii2: setAt('__id'),
  /** CakePHP 2/3 AuthComponent `Auth.User`, or the Cake 4+ Authentication plugin's identity object at `Auth`. */
  cakephp: anyOf(truthyAt('Auth', 'User'), cakeIdentityObject),
  /** Laminas / Zend Framework authentication session storage (`<namespace>` → member `storage`). */
  laminas: anyOf(truthyAt('Laminas_Auth', 'storage'), truthyAt('Zend_Auth', 'storage')),
  /**
   * CodeIgniter has no built-in login; the usual libraries:
   * Shield (CI4, official): `user` → `id` set and no pending `user` → `auth_action` (2FA/activation);
   * Myth:Auth (CI4) and many hand-written apps: `logged_in` truthy;
   * Ion Auth (CI3): `identity` truthy and `user_id` set.
   */
  codeigniter: anyOf(
    allOf(setAt('user', 'id'), not(truthyAt('user', 'auth_action'))),
    truthyAt('logged_in'),
    allOf(truthyAt('identity'), setAt('user_id')),
  ),
} as const;

/**
 * The rule used when no `--auth` is given: every preset whose marker is specific to its framework.
 * `@codeigniter` is left out because its keys (`user`, `logged_in`, `identity`) are common names
 * that other apps may use for guests too.
 */
const DEFAULT_PRESETS = ['symfony1', 'symfony', 'laravel', 'yii2', 'cakephp', 'laminas', 'django'] as const;

export const PRESETS: Readonly<Record<string, Matcher>> = Object.freeze({
  ...PRESETS_NO_DEFAULT,
  default: anyOf(...DEFAULT_PRESETS.map((n) => PRESETS_NO_DEFAULT[n])),
});

export const PRESET_NAMES: readonly string[] = Object.freeze(Object.keys(PRESETS));
export const DEFAULT_AUTH: readonly string[] = Object.freeze(['@default']);

/** The preset of that name (without the `@`), or undefined. Own properties only. */
export function findPreset(name: string): Matcher | undefined {
  return Object.hasOwn(PRESETS, name) ? PRESETS[name] : undefined;
}
