/**
 * Every file this repository's README.md, docs/*.md and source comments (src/**) name exists.
 *
 * What counts as naming a file of this repository, and where it must be:
 * - a path that starts with one of the repository's top-level entries (`src/stores/files.ts`,
 *   `test/harness/php.ts`, `docs/errors.md`, `scripts/…`): at that path (a `dist/…js` path is a
 *   build output of `src/…ts`); a folder (`src/pipeline/`) must be a folder;
 * - a relative path or bare name of a TypeScript or Markdown file (`stores/placement/pecl-memcache.ts`,
 *   `sql/spec.ts`, `deadline.ts`, `errors.md`): beside the file that names it, or below one of its
 *   folders, or under src/ or test/ — or, for a bare name, the one file of that name in the repository;
 * - names of other projects' files (`wp-includes/pluggable.php`, `lib/errors.js`, `php_memcached.c`),
 *   absolute paths (`/usr/lib/…`) and anything inside a URL are not this repository's: not checked.
 * Source comments are read with the TypeScript scanner (comments only, not strings or code).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, normalize } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = new URL('../../', import.meta.url).pathname;
const tracked = execFileSync('git', ['ls-files'], { cwd: ROOT, encoding: 'utf8' }).split('\n').filter(Boolean);
const TOP = new Set(tracked.map((f) => f.split('/')[0]!));
TOP.add('dist');

const byName = new Map<string, string[]>();
for (const f of tracked) byName.set(basename(f), [...(byName.get(basename(f)) ?? []), f]);

const NAME = /(?<![\w/.:-])(\.{0,2}\/)?([\w@-][\w@.-]*\/)*[\w@-][\w@.-]*(\.(?:ts|mjs|js|md|php|py|sh|json|ya?ml|conf|service)\b|\/(?=[\s`'").,;:]|$))/g;

/** The comments of a TypeScript file, each with its line. */
function comments(file: string): Array<{ text: string; line: number }> {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, false, ts.LanguageVariant.Standard, text);
  const out: Array<{ text: string; line: number }> = [];
  for (let k = scanner.scan(); k !== ts.SyntaxKind.EndOfFileToken; k = scanner.scan()) {
    if (k === ts.SyntaxKind.SingleLineCommentTrivia || k === ts.SyntaxKind.MultiLineCommentTrivia) {
      out.push({ text: scanner.getTokenText(), line: text.slice(0, scanner.getTokenStart()).split('\n').length });
    }
  }
  return out;
}

/** Text without URLs (a name inside one is another site's). */
const withoutUrls = (s: string): string => s.replace(/\b[a-z][a-z+.-]*:\/\/\S+/gi, ' ');

const exists = (p: string): boolean => existsSync(join(ROOT, p));

/** Why `name`, written in `from`, names no file of this repository; undefined when it is fine or not ours. */
function problem(name: string, from: string): string | undefined {
  if (name.startsWith('/')) return undefined; // a system path (/usr/lib/…, /etc/…)
  const path = name.replace(/^\.\//, '');
  const folder = path.endsWith('/');
  const first = path.split('/')[0]!;
  if (TOP.has(first) && path.includes('/')) {
    if (path.startsWith('dist/bin/')) return undefined; // the bundle of dist/cli/main.js (scripts/build-if-stale.mjs): no source of its own
    if (first === 'dist') return exists(path.replace(/^dist\//, 'src/').replace(/\.js$/, '.ts')) || /\*|…/.test(path) ? undefined : 'no such source of a build output';
    if (!exists(path)) return 'no such path';
    if (folder && !statSync(join(ROOT, path)).isDirectory()) return 'not a folder';
    return undefined;
  }
  if (folder || !/\.(ts|mjs|md)$/.test(path)) return undefined; // another project's file, or a word with a slash
  const dirs: string[] = [];
  for (let d = dirname(from); d !== '.' && d !== ''; d = dirname(d)) dirs.push(d);
  const candidates = [...dirs, '.', 'src', 'test'].map((d) => normalize(join(d, path)));
  if (candidates.some(exists)) return undefined;
  if (path.includes('/')) return tracked.some((f) => f.endsWith(`/${path}`)) ? undefined : 'no such path below its folders, src/ or test/';
  const same = byName.get(path) ?? [];
  if (same.length === 1) return undefined;
  return same.length === 0 ? 'no file of that name' : `${same.length} files of that name and none beside it: name its folder`;
}

function namesIn(text: string): string[] {
  return [...withoutUrls(text).matchAll(NAME)].map((m) => m[0]);
}

describe('files named in docs and comments exist', () => {
  const docs = ['README.md', ...tracked.filter((f) => /^docs\/[^/]+\.md$/.test(f))];
  const sources = tracked.filter((f) => f.startsWith('src/') && f.endsWith('.ts'));

  it('README.md and docs/*.md', () => {
    const missing: string[] = [];
    for (const doc of docs) {
      for (const [i, line] of readFileSync(join(ROOT, doc), 'utf8').split('\n').entries()) {
        for (const n of namesIn(line)) {
          const why = problem(n, doc);
          if (why) missing.push(`${doc}:${i + 1}: ${n} (${why})`);
        }
      }
    }
    expect(missing).toEqual([]);
  });

  it('comments in src/', () => {
    const missing: string[] = [];
    for (const src of sources) {
      for (const c of comments(src)) {
        for (const n of namesIn(c.text)) {
          const why = problem(n, src);
          if (why) missing.push(`${src}:${c.line}: ${n} (${why})`);
        }
      }
    }
    expect(missing).toEqual([]);
  });

  it('the check finds what it is for: a named file that is gone', () => {
    expect(problem('src/stores/gone.ts', 'docs/x.md')).toBe('no such path');
    expect(problem('bench/experiments/memjs-cork.ts', 'docs/x.md')).toBe('no such path');
    expect(problem('store/placement/pecl-memcache.ts', 'src/stores/types.ts')).toBeDefined();
    expect(problem('placement/pecl-memcache.ts', 'src/stores/types.ts')).toBeUndefined();
    expect(problem('deadline.ts', 'src/stores/redis.ts')).toBeUndefined();
    expect(problem('wp-includes/pluggable.php', 'src/cookie-codec/wordpress.ts')).toBeUndefined();
    expect(namesIn('see https://github.com/x/y/blob/main/src/gone.ts and `src/stores/files.ts`.')).toEqual(['src/stores/files.ts']);
  });
});
