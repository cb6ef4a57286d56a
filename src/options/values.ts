/**
 * Parsers for option values. Each takes the raw string (from a flag, an env var, or the config
 * file) and returns the parsed value or an `Invalid` with a message; none throws or does I/O.
 * Messages say what is expected and quote what was given; the loader prefixes the flag.
 */
import { HOSTNAME } from '../stores/url-common.js';

export class Invalid {
  constructor(readonly message: string) {}
}

export type Parser<T> = (raw: string) => T | Invalid;

const show = (raw: string): string => JSON.stringify(raw.length > 80 ? `${raw.slice(0, 80)}…` : raw);

/** A decimal integer in [min, max] (no sign for non-negative ranges, no exponent, no spaces). */
export function integer(min: number, max: number, unit = ''): Parser<number> {
  const what = `must be an integer between ${min} and ${max}${unit ? ` (${unit})` : ''}`;
  return (raw) => {
    if (!/^-?[0-9]{1,16}$/.test(raw)) return new Invalid(`${what} (got ${show(raw)})`);
    const n = Number(raw);
    return n >= min && n <= max ? n : new Invalid(`${what} (got ${show(raw)})`);
  };
}

/** One of a fixed set of words (case-sensitive). */
export function oneOf<const T extends string>(choices: readonly T[]): Parser<T> {
  return (raw) =>
    (choices as readonly string[]).includes(raw) ? (raw as T) : new Invalid(`must be one of ${choices.join(', ')} (got ${show(raw)})`);
}

/** `true`/`false`/`1`/`0` — for env vars and `--flag=VALUE`. */
export const boolean: Parser<boolean> = (raw) => {
  if (raw === 'true' || raw === '1') return true;
  if (raw === 'false' || raw === '0') return false;
  return new Invalid(`must be true or false (got ${show(raw)})`);
};

export type ListenAddress = { readonly host: string; readonly port: number } | { readonly path: string };

const IPV6 = /^[0-9A-Fa-f:.]{2,45}$/;

/** `HOST:PORT`, `[IPv6]:PORT` or `unix:/absolute/path.sock`. */
export const listenAddress: Parser<ListenAddress> = (raw) => {
  const expected = 'expected HOST:PORT, [IPv6]:PORT or unix:/absolute/path.sock';
  if (raw.startsWith('unix:')) {
    const path = raw.slice(5);
    if (!path.startsWith('/') || path.length < 2 || path.includes('\0')) return new Invalid(`${expected}: the socket path must be absolute (got ${show(raw)})`);
    return Object.freeze({ path });
  }
  const m = /^(?:\[([^\]]*)\]|([^:[\]]*)):([0-9]{1,5})$/.exec(raw);
  if (!m) return new Invalid(`${expected} (got ${show(raw)})`);
  const host = m[1] ?? m[2] ?? '';
  const port = Number(m[3]);
  if (m[1] !== undefined ? !IPV6.test(host) || !host.includes(':') : !HOSTNAME.test(host)) {
    return new Invalid(`${expected}: bad host (got ${show(raw)})`);
  }
  if (port < 1 || port > 65535) return new Invalid(`the port must be 1-65535 (got ${show(raw)})`);
  return Object.freeze({ host, port });
};

/** An octal file mode such as `0666`, `660` or `0600`. */
export const octalMode: Parser<number> = (raw) =>
  /^0?[0-7]{3}$/.test(raw) ? parseInt(raw, 8) : new Invalid(`must be an octal mode such as 0666 or 0660 (got ${show(raw)})`);

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/**
 * A cookie name: an HTTP token (RFC 6265: no spaces, `=`, `;`, `,`, quotes…), at most 128
 * characters, and not only digits (PHP refuses numeric session names).
 */
export const cookieName: Parser<string> = (raw) => {
  if (raw.length > 128 || !TOKEN.test(raw)) return new Invalid(`must be 1-128 cookie-name characters (letters, digits, !#$%&'*+-.^_\`|~) (got ${show(raw)})`);
  if (/^[0-9]+$/.test(raw)) return new Invalid(`must not be only digits (got ${show(raw)})`);
  return raw;
};

/** An HTTP header name (a token, at most 128 characters), or empty to turn the feature off. */
export const headerNameOrEmpty: Parser<string> = (raw) =>
  raw === '' || (raw.length <= 128 && TOKEN.test(raw))
    ? raw
    : new Invalid(`must be an HTTP header name (letters, digits, -, _ …) or empty (got ${show(raw)})`);


/** `--text-listen`: a listen address, or empty for off. */
export const listenAddressOrOff: Parser<ListenAddress | null> = (raw) => (raw === '' ? null : listenAddress(raw));

/**
 * A secret token (16-256 printable ASCII characters, no spaces), or empty for off. Messages never
 * quote the value: it must not reach logs or terminals.
 */
export const secretToken: Parser<string> = (raw) =>
  raw === '' || /^[\x21-\x7e]{16,256}$/.test(raw)
    ? raw
    : new Invalid(`must be empty (off) or 16-256 printable ASCII characters without spaces (got ${raw.length} characters; the value is not shown)`);
