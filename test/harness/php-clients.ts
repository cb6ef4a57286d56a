/**
 * Real PHP memcached CLIENTS write values (not the session handlers): php-memcached's `\Memcached`
 * and pecl memcache's `\Memcache`, with their own flags, serializers and compression, exactly as
 * an application or a framework (Symfony, Laravel, a cache) would. Read the raw result back with
 * mcGetItem (memcached-text.ts).
 */
import { runPhp } from './php.js';

export interface PhpWrite {
  key: string;
  /** A PHP string holding exactly these bytes (sent over stdin: any size)… */
  bytes?: Uint8Array | string;
  /** …or a PHP expression for a typed value: `[1, 2]`, `42`, `1.5`, `true`, `null`. */
  expr?: string;
}

export interface MemcachedClientOptions {
  /** Memcached::OPT_COMPRESSION_TYPE; false = OPT_COMPRESSION off. Default fastlz (PHP's default). */
  compression?: 'fastlz' | 'zlib' | false;
  /** Memcached::OPT_SERIALIZER (default php). */
  serializer?: 'php' | 'igbinary' | 'json' | 'json_array' | 'msgpack';
  /** memcached.compression_threshold (default 2000). */
  threshold?: number;
  /** Memcached::OPT_USER_FLAGS (0–65535), stored in the flags' high 16 bits. */
  userFlags?: number;
}

/** Reads the `bytes` writes from stdin as JSON {key: base64}. */
const STDIN_VALUES = `$in = json_decode(stream_get_contents(STDIN), true);`;

function valueOf(w: PhpWrite): string {
  if (w.expr !== undefined) return `(${w.expr})`;
  return `base64_decode($in[${JSON.stringify(w.key)}])`;
}

function stdinFor(writes: readonly PhpWrite[]): string {
  const o: Record<string, string> = {};
  for (const w of writes) if (w.bytes !== undefined) o[w.key] = Buffer.from(w.bytes).toString('base64');
  return JSON.stringify(o);
}

const SERIALIZERS = {
  php: 'SERIALIZER_PHP',
  igbinary: 'SERIALIZER_IGBINARY',
  json: 'SERIALIZER_JSON',
  json_array: 'SERIALIZER_JSON_ARRAY',
  msgpack: 'SERIALIZER_MSGPACK',
} as const;

/** `\Memcached::set` each write on the memcached at 127.0.0.1:port. */
export function memcachedClientWrite(port: number, writes: readonly PhpWrite[], opts: MemcachedClientOptions = {}): void {
  const compression = opts.compression ?? 'fastlz';
  const setup = [
    `$m = new Memcached(); $m->addServer('127.0.0.1', ${port});`,
    compression === false
      ? '$m->setOption(Memcached::OPT_COMPRESSION, false);'
      : `$m->setOption(Memcached::OPT_COMPRESSION, true); $m->setOption(Memcached::OPT_COMPRESSION_TYPE, Memcached::COMPRESSION_${compression.toUpperCase()});`,
    `if (!$m->setOption(Memcached::OPT_SERIALIZER, Memcached::${SERIALIZERS[opts.serializer ?? 'php']})) exit(6);`,
    opts.userFlags !== undefined ? `$m->setOption(Memcached::OPT_USER_FLAGS, ${opts.userFlags});` : '',
  ];
  const sets = writes.map(
    (w) => `if (!$m->set(${JSON.stringify(w.key)}, ${valueOf(w)})) { fwrite(STDERR, "set ${w.key}: " . $m->getResultMessage()); exit(5); }`,
  );
  runPhp([STDIN_VALUES, ...setup, ...sets].join('\n'), {
    input: stdinFor(writes),
    ini: { 'memcached.compression_threshold': String(opts.threshold ?? 2000) },
  });
}

export interface MemcacheWrite extends PhpWrite {
  /** Pass MEMCACHE_COMPRESSED to set(). */
  compressed?: boolean;
}

/** `\Memcache::set` each write; `compressThreshold` = setCompressThreshold() (off by default). */
export function memcacheClientWrite(port: number, writes: readonly MemcacheWrite[], opts: { compressThreshold?: number } = {}): void {
  const setup = [
    `$m = new Memcache(); if (!$m->addServer('127.0.0.1', ${port})) exit(6);`,
    opts.compressThreshold !== undefined ? `$m->setCompressThreshold(${opts.compressThreshold});` : '',
  ];
  const sets = writes.map(
    (w) => `if (!$m->set(${JSON.stringify(w.key)}, ${valueOf(w)}, ${w.compressed ? 'MEMCACHE_COMPRESSED' : '0'})) { fwrite(STDERR, "set ${w.key} failed"); exit(5); }`,
  );
  runPhp([STDIN_VALUES, ...setup, ...sets].join('\n'), { input: stdinFor(writes) });
}

/** PHP's own serializers applied to a string (serialize, igbinary_serialize, json_encode). */
export function phpSerializeString(kind: 'php' | 'igbinary' | 'json', bytes: Uint8Array | string): Buffer {
  const fn = { php: 'serialize', igbinary: 'igbinary_serialize', json: 'json_encode' }[kind];
  return runPhp(`$s = base64_decode(stream_get_contents(STDIN)); $r = ${fn}($s); if ($r === false) exit(7); echo $r;`, {
    input: Buffer.from(bytes).toString('base64'),
  });
}
