/**
 * A small PHP tokenizer for READING configuration files (wp-config.php) without running them:
 * enough of PHP's lexical grammar to find `define()` calls, `const` statements and assignments
 * with their line numbers, and to know when a value is not a plain literal. Strings are decoded
 * as PHP decodes them; a double-quoted string that interpolates a variable is not a literal.
 * Text outside `<?php … ?>` is skipped; `?>` counts as a `;`, as in PHP.
 */

export type PhpToken =
  | { readonly t: 'string'; readonly value: string; readonly line: number }
  /** A double-quoted string with `$var`/`{$…}` inside, or a heredoc: its value depends on run time. */
  | { readonly t: 'dynamic-string'; readonly line: number }
  | { readonly t: 'number'; readonly value: number; readonly line: number }
  /** An identifier or keyword (`define`, `true`, `ABSPATH`, `\define`), as written. */
  | { readonly t: 'name'; readonly value: string; readonly line: number }
  | { readonly t: 'variable'; readonly value: string; readonly line: number }
  /** Punctuation and operators: `(` `)` `,` `;` `=` `.` `.=` `==` `[` … */
  | { readonly t: 'op'; readonly value: string; readonly line: number };

export class PhpSyntaxError extends Error {
  constructor(readonly line: number, message: string) {
    super(message);
  }
}

const NAME_START = /[A-Za-z_\x80-\uffff\\]/;
const NAME_CHAR = /[A-Za-z0-9_\x80-\uffff\\]/;
const OPS = ['<<=', '>>=', '**=', '...', '===', '!==', '<=>', '??=', '?->', '::', '=>', '->', '++', '--', '.=', '+=', '-=', '*=', '/=', '%=', '&=', '|=', '^=', '==', '!=', '<>', '<=', '>=', '&&', '||', '??', '<<', '>>', '**'];

/** PHP's double-quoted escapes (no interpolation: the caller checked there is none). */
function unescapeDouble(body: string): string {
  return body.replace(/\\(?:([nrtvef\\$"])|([0-7]{1,3})|x([0-9A-Fa-f]{1,2})|u\{([0-9A-Fa-f]+)\})/g, (m, simple: string | undefined, oct: string | undefined, hex: string | undefined, uni: string | undefined) => {
    if (simple !== undefined) return ({ n: '\n', r: '\r', t: '\t', v: '\v', e: '\x1b', f: '\f', '\\': '\\', $: '$', '"': '"' } as Record<string, string>)[simple] ?? m;
    if (oct !== undefined) return String.fromCharCode(parseInt(oct, 8) & 0xff);
    if (hex !== undefined) return String.fromCharCode(parseInt(hex, 16));
    return String.fromCodePoint(parseInt(uni ?? '0', 16));
  });
}

export function tokenizePhp(src: string): PhpToken[] {
  const out: PhpToken[] = [];
  let i = 0;
  let line = 1;
  const n = src.length;
  const advanceTo = (end: number): void => {
    for (let k = i; k < end; k++) if (src.charCodeAt(k) === 10) line++;
    i = end;
  };
  const html = (): void => {
    const open = src.indexOf('<?', i);
    advanceTo(open < 0 ? n : open + 2);
    if (open >= 0 && src.startsWith('php', i)) advanceTo(i + 3);
    else if (open >= 0 && src[i] === '=') advanceTo(i + 1);
  };
  html();
  while (i < n) {
    const c = src[i] ?? '';
    const at = line;
    if (c === '\n' || c === ' ' || c === '\t' || c === '\r' || c === '\f' || c === '\v') {
      advanceTo(i + 1);
    } else if (c === '?' && src[i + 1] === '>') {
      out.push({ t: 'op', value: ';', line: at });
      advanceTo(i + 2);
      html();
    } else if (c === '#' || (c === '/' && src[i + 1] === '/')) {
      // A line comment ends at the newline or at `?>`.
      let end = i;
      while (end < n && src[end] !== '\n' && !(src[end] === '?' && src[end + 1] === '>')) end++;
      advanceTo(end);
    } else if (c === '/' && src[i + 1] === '*') {
      const end = src.indexOf('*/', i + 2);
      if (end < 0) throw new PhpSyntaxError(at, 'unterminated /* comment');
      advanceTo(end + 2);
    } else if (c === "'") {
      let j = i + 1;
      let value = '';
      while (j < n && src[j] !== "'") {
        if (src[j] === '\\' && (src[j + 1] === "'" || src[j + 1] === '\\')) j++;
        value += src[j++];
      }
      if (j >= n) throw new PhpSyntaxError(at, 'unterminated string');
      out.push({ t: 'string', value, line: at });
      advanceTo(j + 1);
    } else if (c === '"') {
      let j = i + 1;
      let dynamic = false;
      while (j < n && src[j] !== '"') {
        if (src[j] === '\\') j++;
        else if ((src[j] === '$' && /[A-Za-z_\x80-\uffff{]/.test(src[j + 1] ?? '')) || (src[j] === '{' && src[j + 1] === '$')) dynamic = true;
        j++;
      }
      if (j >= n) throw new PhpSyntaxError(at, 'unterminated string');
      out.push(dynamic ? { t: 'dynamic-string', line: at } : { t: 'string', value: unescapeDouble(src.slice(i + 1, j)), line: at });
      advanceTo(j + 1);
    } else if (src.startsWith('<<<', i)) {
      // heredoc / nowdoc: skipped whole; never a literal isauth reads.
      const m = /^<<<[ \t]*(["']?)([A-Za-z_][A-Za-z0-9_]*)\1\r?\n/.exec(src.slice(i, i + 200));
      if (!m) throw new PhpSyntaxError(at, 'malformed heredoc');
      const close = new RegExp(`\\n[ \\t]*${m[2]}\\b`).exec(src.slice(i));
      if (!close) throw new PhpSyntaxError(at, 'unterminated heredoc');
      out.push({ t: 'dynamic-string', line: at });
      advanceTo(i + close.index + close[0].length);
    } else if (c === '$' && NAME_START.test(src[i + 1] ?? '') && src[i + 1] !== '\\') {
      let j = i + 1;
      while (j < n && /[A-Za-z0-9_\x80-\uffff]/.test(src[j] ?? '')) j++;
      out.push({ t: 'variable', value: src.slice(i + 1, j), line: at });
      advanceTo(j);
    } else if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(src[i + 1] ?? ''))) {
      const m = /^(0[xX][0-9A-Fa-f_]+|0[bB][01_]+|(?:[0-9][0-9_]*)?\.?[0-9_]*(?:[eE][+-]?[0-9]+)?)/.exec(src.slice(i, i + 100));
      const text = m?.[0] || c;
      const clean = text.replace(/_/g, '');
      const value = /^0[xX]/.test(clean) ? parseInt(clean.slice(2), 16) : /^0[bB]/.test(clean) ? parseInt(clean.slice(2), 2) : /^0[0-7]+$/.test(clean) ? parseInt(clean, 8) : Number(clean);
      out.push({ t: 'number', value, line: at });
      advanceTo(i + text.length);
    } else if (NAME_START.test(c)) {
      let j = i + 1;
      while (j < n && NAME_CHAR.test(src[j] ?? '')) j++;
      out.push({ t: 'name', value: src.slice(i, j), line: at });
      advanceTo(j);
    } else {
      const op = OPS.find((o) => src.startsWith(o, i)) ?? c;
      out.push({ t: 'op', value: op, line: at });
      advanceTo(i + op.length);
    }
  }
  return out;
}
