/**
 * The visitors the load is made of: N real PHP sessions (written by ONE php process through
 * php-memcached's session handler, ~30 % logged in: `$_SESSION['user']` set; the store setups
 * write the same ones again through PHP's redis, rediscluster or files handler), plus requests
 * without a cookie and with garbage cookies (bad characters, unknown ids, long unknown ids).
 * Every visitor knows the variant it must get: auth for a logged-in session, anon otherwise.
 */
import { join } from 'node:path';
import { ROOT } from './paths.js';
import { runPhp } from '../test/harness/php.js';
import { newSessionId } from '../test/harness/php-session.js';

export type Variant = 'auth' | 'anon';
export type VisitorKind = 'logged-in' | 'logged-out' | 'no-cookie' | 'garbage';

export interface Visitor {
  readonly kind: VisitorKind;
  /** The Cookie header, or undefined for no cookie at all. */
  readonly cookie: string | undefined;
  readonly expected: Variant;
  /** Page path (the same few pages for every setup). */
  readonly path: string;
}

export const PAGE_COUNT = 16;

/** Reads "id 1|0" lines on stdin; one session_start/session_write_close per line. */
const WRITER = `
$n = 0;
foreach (explode("\\n", trim(stream_get_contents(STDIN))) as $line) {
  [$id, $in] = explode(' ', $line);
  session_id($id);
  if (!session_start()) { fwrite(STDERR, "session_start failed\\n"); exit(3); }
  $_SESSION = ['csrf' => bin2hex(random_bytes(16)), 'lang' => 'en',
    'cart' => ['items' => [101 + $n % 7, 202], 'total' => 19.9], 'visits' => $n % 50];
  if ($in === '1') { $_SESSION['user'] = 'user' . $n; $_SESSION['roles'] = ['member']; }
  if (!session_write_close()) { fwrite(STDERR, "write failed\\n"); exit(4); }
  $n++;
}
echo $n;
`;

/** A small seeded PRNG (mulberry32): the same mix for every setup and every run. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface SessionSet {
  readonly ids: readonly string[];
  readonly loggedIn: readonly boolean[];
  /** Seconds the php run took. */
  readonly seconds: number;
}

/**
 * Where PHP writes: its own session handler and save_path (memcached, redis, rediscluster, files),
 * or an SQL table through the classic PDO handler class (test/harness/sql/plain-pdo-handler.php,
 * registered with session_set_save_handler as sites do).
 */
export type SessionTarget =
  | { readonly handler: 'memcached' | 'redis' | 'rediscluster' | 'files'; readonly savePath: string }
  | { readonly handler: 'pdo'; readonly dsn: string; readonly user: string };

const PDO_HANDLER = join(ROOT, 'test', 'harness', 'sql', 'plain-pdo-handler.php');

/** PHP run before WRITER: the PDO handler for SQL targets, nothing for PHP's own handlers. */
function prelude(target: SessionTarget): string {
  if (target.handler !== 'pdo') return '';
  const q = (v: string) => `'${v.replace(/[\\']/g, '\\$&')}'`;
  return `require ${q(PDO_HANDLER)};
session_set_save_handler(new PlainPdoHandler(new PDO(${q(target.dsn)}, ${q(target.user)}, null, [PDO::ATTR_ERRMODE => PDO::ERRMODE_EXCEPTION]), 7200), true);
`;
}

/** Write `count` sessions into memcached at `port` with real PHP (one php process). */
export function writeSessions(port: number, count: number, loggedInShare = 0.3, seed = 1): SessionSet {
  const random = rng(seed);
  const ids: string[] = [];
  const loggedIn: boolean[] = [];
  for (let i = 0; i < count; i++) {
    ids.push(newSessionId());
    loggedIn.push(random() < loggedInShare);
  }
  return writeSessionsTo({ handler: 'memcached', savePath: `127.0.0.1:${port}` }, { ids, loggedIn });
}

/**
 * The same sessions (ids, logged in or not) written again, by one php process through PHP's own
 * handler for `target`: the store setups read exactly the visitors the memcached ones do.
 */
export function writeSessionsTo(target: SessionTarget, s: Pick<SessionSet, 'ids' | 'loggedIn'>): SessionSet {
  const started = performance.now();
  const own = target.handler === 'pdo' ? {} : { 'session.save_handler': target.handler, 'session.save_path': `"${target.savePath}"` };
  const out = runPhp(prelude(target) + WRITER, {
    input: s.ids.map((id, i) => `${id} ${s.loggedIn[i] ? 1 : 0}`).join('\n'),
    ini: {
      ...own,
      'session.serialize_handler': 'php',
      'session.use_cookies': '0',
      'session.use_strict_mode': '0',
      'session.cache_limiter': '',
      'session.gc_probability': '0',
      'session.gc_maxlifetime': '7200',
      'memcached.sess_locking': '0',
      'redis.session.locking_enabled': '0',
    },
  }).toString();
  if (Number(out) !== s.ids.length) throw new Error(`php wrote ${out} sessions, expected ${s.ids.length}`);
  return { ids: s.ids, loggedIn: s.loggedIn, seconds: (performance.now() - started) / 1000 };
}

function garbageCookie(random: () => number): string {
  const pick = Math.floor(random() * 3);
  if (pick === 0) return `bad!id@*'.${Math.floor(random() * 1e6)}`; // outside PHP's alphabet
  if (pick === 1) return newSessionId(); // well-formed, unknown
  return `${newSessionId()}${newSessionId()}${newSessionId()}`.slice(0, 100); // long, unknown
}

/**
 * Every session once, plus `noCookieShare` and `garbageShare` (of the total) of other visitors,
 * shuffled with a fixed seed.
 */
export function visitorMix(s: SessionSet, noCookieShare = 0.05, garbageShare = 0.05, seed = 2): Visitor[] {
  const random = rng(seed);
  const page = (): string => `/article/${Math.floor(random() * PAGE_COUNT)}`;
  const out: Visitor[] = s.ids.map((id, i) => ({
    kind: s.loggedIn[i] ? 'logged-in' : 'logged-out',
    cookie: `lang=en; PHPSESSID=${id}; theme=dark`,
    expected: s.loggedIn[i] ? 'auth' : 'anon',
    path: page(),
  }));
  const extra = Math.round((s.ids.length * (noCookieShare + garbageShare)) / (1 - noCookieShare - garbageShare));
  for (let i = 0; i < extra; i++) {
    const none = random() < noCookieShare / (noCookieShare + garbageShare);
    out.push({
      kind: none ? 'no-cookie' : 'garbage',
      cookie: none ? undefined : `lang=en; PHPSESSID=${garbageCookie(random)}`,
      expected: 'anon',
      path: page(),
    });
  }
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j] as Visitor, out[i] as Visitor];
  }
  return out;
}
