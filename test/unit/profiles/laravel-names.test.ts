import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IsauthError } from '../../../src/errors.js';
import { laravelNames, laravelSlug } from '../../../src/profiles/laravel-names.js';
import { havePrograms } from '../../harness/programs.js';

const STR_PHP = fileURLToPath(new URL('../../harness/laravel/str.php', import.meta.url));
const haveLaravel = havePrograms('php') && spawnSync('test', ['-f', '/usr/share/php/Illuminate/Support/Str.php']).status === 0;

/** Str::slug($t, '_') of each title, from Debian's Laravel 8. */
function phpSlugs(titles: string[]): string[] {
  const res = spawnSync('php', [STR_PHP], { input: JSON.stringify(titles), encoding: 'utf8' });
  if (res.status !== 0) throw new Error(`php: ${res.stderr}`);
  return JSON.parse(res.stdout) as string[];
}

function slugOrThrown(t: string): string | undefined {
  try {
    return laravelSlug(t);
  } catch (e) {
    expect(e).toBeInstanceOf(IsauthError);
    expect((e as IsauthError).code).toBe('CONFIG_INVALID');
    return undefined;
  }
}

describe('laravelNames', () => {
  it('derives the skeleton names from APP_NAME', () => {
    expect(laravelNames('My App')).toEqual({
      slug: 'my_app',
      cookie: 'my_app_session',
      cachePrefix: 'my_app_cache:',
      redisOptionPrefix: 'my_app_database_',
      redisPrefix: 'my_app_database_my_app_cache:',
    });
    expect(laravelNames().cookie).toBe('laravel_session');
    expect(laravelNames(undefined).redisPrefix).toBe('laravel_database_laravel_cache:');
  });

  it('takes the .env overrides, and PHP empty() prefixes give no colon', () => {
    const n = laravelNames('Shop', { SESSION_COOKIE: 'sid', CACHE_PREFIX: '0', REDIS_PREFIX: '' });
    expect(n.cookie).toBe('sid');
    expect(n.cachePrefix).toBe('');
    expect(n.redisPrefix).toBe('');
    expect(laravelNames('Shop', { CACHE_PREFIX: '' }).redisPrefix).toBe('shop_database_');
    // all three given: an APP_NAME we cannot slug does not matter
    expect(laravelNames('Магазин', { SESSION_COOKIE: 'a', CACHE_PREFIX: 'b', REDIS_PREFIX: 'c' }).cookie).toBe('a');
  });

  it('refuses characters it cannot transliterate exactly', () => {
    for (const t of ['Магазин', '日本', 'Ａｐｐ', 'a—b', 'x²', 'ﬁne', 'a\u00a0b']) {
      expect(() => laravelSlug(t), t).toThrow(IsauthError);
    }
  });
});

describe.runIf(haveLaravel)("laravelSlug equals Laravel's Str::slug(…, '_')", () => {
  it('on hand-picked titles', () => {
    const titles = ['My App', 'Laravel', 'Café Crème', 'Straße', 'Ærø', 'Łódź', 'Ñandú', 'My-App_2', '  spaced  out ',
      'foo@bar.com', 'Ça va?', 'Œuvre', 'Þorn', 'İstanbul', 'Müller', 'Ĳssel', 'a\tb\nc', '--a--b__', '', '@', 'A.B.C'];
    expect(titles.map(laravelSlug)).toEqual(phpSlugs(titles));
  });

  it('on every Latin-1 and Latin Extended-A character it accepts (and it accepts most letters)', () => {
    const chars: string[] = [];
    for (let c = 0xa0; c <= 0x17f; c++) chars.push(String.fromCodePoint(c));
    const titles = chars.map((ch) => `A${ch}b`);
    const ours = titles.map(slugOrThrown);
    const php = phpSlugs(titles);
    const accepted = ours.flatMap((s, i) => (s === undefined ? [] : [[titles[i], s, php[i]]]));
    for (const [t, s, p] of accepted) expect(s, t).toBe(p);
    expect(accepted.length).toBeGreaterThan(180);
    for (const ch of 'éèäöüßøæåçñłœ') expect(slugOrThrown(ch), ch).toBeDefined();
  });

  it('on random titles (fast-check, checked in one PHP run)', () => {
    const latin = [...'àéîõüÿçñßøæœłđħıþðÅÉÎÕÜÇÑØÆŒŁĐĦÞĲĳſŀ'];
    const ascii = Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i));
    const alphabet = fc.constantFrom(...ascii, ...latin, '\t', '\n', '-', '_', '@', ' ');
    const titles = fc.sample(fc.array(alphabet, { maxLength: 24 }).map((a) => a.join('')), { numRuns: 300, seed: 20240601 });
    expect(titles.map(laravelSlug)).toEqual(phpSlugs(titles));
  });
});
