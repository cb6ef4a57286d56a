/**
 * `isauth decode [--serializer php|php_binary|php_serialize|igbinary] [--max-depth N] [FILE|-]`
 *
 * Reads a stored PHP session (a file, or stdin for `-` / no argument) and prints it as JSON
 * (mapping: docs/json-mapping.md) followed by a newline. Exit codes: 0 decoded; 1 malformed
 * session (one line `isauth: DECODE_xxx at byte N: …` on stderr), a session whose JSON would
 * pass the limit (`isauth: JSON_TOO_LARGE: …`) or unreadable input
 * (`isauth: CLI_INPUT: …`); 2 bad arguments (usage on stderr). The default serializer is
 * `php`, PHP's own default `session.serialize_handler`.
 */
import { readFile } from 'node:fs/promises';
import { DecodeError, IsauthError } from '../errors.js';
import { EXIT } from '../exit.js';
import { MAX_DEPTH_LIMIT } from '../php/options.js';
import { decodeSession } from '../php/session.js';
import { toJson } from '../php/to-json.js';
import { SERIALIZERS } from '../php/types.js';
import type { SerializerName } from '../php/types.js';

export interface DecodeIo {
  stdin: NodeJS.ReadableStream;
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}

const USAGE = `usage: isauth decode [--serializer ${SERIALIZERS.join('|')}] [--max-depth N] [FILE|-]
  Prints a stored PHP session as JSON. Reads stdin when FILE is - or absent.
  --serializer   PHP's session.serialize_handler that wrote the data (default: php)
  --max-depth    nesting limit, 1..${MAX_DEPTH_LIMIT} (default: ${MAX_DEPTH_LIMIT})`;

interface Args {
  serializer: SerializerName;
  maxDepth?: number;
  file?: string;
}

/** Parse argv; a string is the problem to report. */
function parseArgs(args: string[]): Args | string {
  const out: Args = { serializer: 'php' };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const eq = a.indexOf('=');
    const name = a.startsWith('--') && eq > 0 ? a.slice(0, eq) : a;
    const inline = a.startsWith('--') && eq > 0 ? a.slice(eq + 1) : undefined;
    const value = (): string | undefined => inline ?? args[++i];
    if (name === '--serializer') {
      const v = value();
      if (!SERIALIZERS.includes(v as SerializerName)) return `--serializer must be one of ${SERIALIZERS.join(', ')}`;
      out.serializer = v as SerializerName;
    } else if (name === '--max-depth') {
      const v = value();
      const n = Number(v);
      if (!v || !/^[0-9]+$/.test(v) || n < 1 || n > MAX_DEPTH_LIMIT) return `--max-depth must be an integer 1..${MAX_DEPTH_LIMIT}`;
      out.maxDepth = n;
    } else if (a === '-h' || a === '--help') {
      return '';
    } else if (a.startsWith('-') && a !== '-') {
      return `unknown option ${a}`;
    } else if (out.file !== undefined) {
      return 'only one FILE may be given';
    } else {
      out.file = a;
    }
  }
  return out;
}

async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(typeof c === 'string' ? Buffer.from(c, 'latin1') : Buffer.from(c));
  return Buffer.concat(chunks);
}

export async function runDecode(args: string[], io: DecodeIo): Promise<number> {
  const parsed = parseArgs(args);
  if (typeof parsed === 'string') {
    if (parsed === '') {
      io.stdout(`${USAGE}\n`);
      return 0;
    }
    io.stderr(`isauth: CLI_USAGE: ${parsed}\n${USAGE}\n`);
    return EXIT.usage;
  }
  let bytes: Buffer;
  try {
    bytes = parsed.file === undefined || parsed.file === '-' ? await readAll(io.stdin) : await readFile(parsed.file);
  } catch (e) {
    io.stderr(`isauth: CLI_INPUT: cannot read ${parsed.file ?? 'stdin'}: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
  try {
    const opts = parsed.maxDepth === undefined ? {} : { maxDepth: parsed.maxDepth };
    io.stdout(`${toJson(decodeSession(bytes, parsed.serializer, opts))}\n`);
    return 0;
  } catch (e) {
    if (e instanceof IsauthError && e.code === 'JSON_TOO_LARGE') io.stderr(`isauth: ${e.code}: ${e.message} (docs/json-mapping.md)\n`);
    else if (!(e instanceof DecodeError)) throw e;
    else io.stderr(`isauth: ${e.message}\n`);
    return 1;
  }
}
