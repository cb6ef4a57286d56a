import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { PhpSession } from '../../../src/php/types.js';
import { compileExpression } from '../../../src/rules/expression.js';
import { PRESET_NAMES } from '../../../src/rules/presets.js';
import { arr, obj, rec, sess } from './build.js';

const LARAVEL_KEY = 'login_web_59ba36addc2b2f9401580f014c7f58ea4e30989d';

/** Per preset: sessions that must match and sessions that must not. */
const CASES: Record<string, { yes: PhpSession[]; no: PhpSession[] }> = {
  wordpress: {
    yes: [sess({ login: 'alice', id: 2, roles: rec({ subscriber: true }) })],
    no: [sess({ login: 'alice', id: 0 }), sess({ login: 'alice' }), sess()],
  },
  symfony1: {
    yes: [sess({ 'symfony/user/sfUser/authenticated': true })],
    no: [sess({ 'symfony/user/sfUser/authenticated': false }), sess({ symfony: rec({ user: true }) }), sess()],
  },
  symfony: {
    yes: [
      sess({ _sf2_attributes: rec({ _security_main: 'O:74:"Symfony\\…":…' }) }),
      sess({ _sf2_attributes: rec({ _csrf: 'x', _security_admin_area: 'token' }) }),
    ],
    no: [
      sess({ _sf2_attributes: rec({ '_security.main.target_path': '/account' }) }),
      sess({ _sf2_attributes: rec({ _security_main: '' }) }),
      sess({ _sf2_attributes: rec({ _security_: 'x' }) }),
      sess({ _sf2_attributes: arr() }),
      sess({ _security_main: 'top-level is not where Symfony puts it' }),
      sess({ _sf2_attributes: 'not an array' }),
    ],
  },
  laravel: {
    yes: [sess({ _token: 'x', [LARAVEL_KEY]: 1 }), sess({ login_web_0123456789abcdef: '5' })],
    no: [
      sess({ _token: 'x', _previous: rec({ url: '/' }) }),
      sess({ [LARAVEL_KEY]: null }),
      sess({ login_admin_59ba36addc2b2f9401580f014c7f58ea4e30989d: 1 }),
      sess({ password_hash_web: 'x' }),
    ],
  },
  yii2: {
    yes: [sess({ __id: 1 }), sess({ __id: '0' }), sess({ __id: 'abc' })],
    no: [sess({ __id: null }), sess({ __flash: arr() }), sess()],
  },
  cakephp: {
    yes: [
      sess({ Auth: rec({ User: rec({ id: 1, username: 'a' }) }) }),
      sess({ Auth: obj('App\\Model\\Entity\\User', { '\0*\0_fields': rec({ id: 1 }) }) }),
    ],
    no: [sess({ Auth: rec({ redirect: '/admin' }) }), sess({ Auth: rec({ User: arr() }) }), sess({ Auth: 'x' }), sess()],
  },
  laminas: {
    yes: [
      sess({ Laminas_Auth: rec({ storage: 'alice' }) }),
      sess({ Zend_Auth: rec({ storage: rec({ id: 1 }) }) }),
      sess({ Laminas_Auth: obj('Laminas\\Stdlib\\ArrayObject', { storage: rec({ storage: 'alice' }), flag: 2 }) }),
    ],
    no: [
      sess({ Laminas_Auth: rec({ storage: null }) }),
      sess({ Laminas_Auth: obj('Laminas\\Stdlib\\ArrayObject', { storage: arr(), flag: 2 }) }),
      sess({ storage: 'alice' }),
    ],
  },
  django: {
    yes: [sess({ _auth_user_id: '1', _auth_user_backend: 'django.contrib.auth.backends.ModelBackend' }), sess({ _auth_user_id: 42 })],
    no: [sess({}), sess({ _auth_user_id: null }), sess({ cart: rec({ 0: 17 }) })],
  },
  codeigniter: {
    yes: [
      sess({ user: rec({ id: 3 }) }),
      sess({ logged_in: 12 }),
      sess({ identity: 'a@example.org', user_id: '3', ion_auth_session_hash: 'h' }),
    ],
    no: [
      sess({ user: rec({ id: 3, auth_action: 'CodeIgniter\\Shield\\Authentication\\Actions\\Email2FA' }) }),
      sess({ user: rec({ id: null }) }),
      sess({ user: rec({ name: 'guest' }) }),
      sess({ logged_in: false }),
      sess({ identity: 'a@example.org' }),
      sess({ __ci_last_regenerate: 1700000000 }),
    ],
  },
};

describe('presets', () => {
  it('every preset has cases (and @default is tested below)', () => {
    expect([...Object.keys(CASES), 'default'].sort()).toEqual([...PRESET_NAMES].sort());
  });

  for (const [name, { yes, no }] of Object.entries(CASES)) {
    const m = compileExpression(`@${name}`);
    it.each(yes.map((s, i) => [i, s] as const))(`@${name} matches yes[%i]`, (_i, s) => expect(m.test(s)).toBe(true));
    it.each(no.map((s, i) => [i, s] as const))(`@${name} rejects no[%i]`, (_i, s) => expect(m.test(s)).toBe(false));
  }

  it('@default is every preset but @codeigniter', () => {
    const d = compileExpression('@default');
    for (const [name, { yes, no }] of Object.entries(CASES)) {
      for (const s of yes) expect(d.test(s)).toBe(name !== 'codeigniter' && name !== 'wordpress');
      for (const s of no) expect(d.test(s)).toBe(false);
    }
  });

  it('docs/rules.md describes every preset', () => {
    const doc = readFileSync(new URL('../../../docs/rules.md', import.meta.url), 'utf8');
    for (const name of PRESET_NAMES) expect(doc).toContain(`\`@${name}\``);
  });
});
