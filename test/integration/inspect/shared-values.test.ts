/**
 * Shared values in sessions (issue 17): an object or array reachable at many paths is printed
 * ONCE, then as `{"__ref": pointer}` (docs/json-mapping.md), so the JSON grows with the session,
 * not with the 2^N paths through it; past 16 Mi characters nothing is printed (JSON_TOO_LARGE).
 * Before, twenty nested objects sharing one child (an 838-byte session) printed 63 MB.
 *
 * Sessions written by REAL PHP (serializers php, php_serialize, igbinary: `r:`/`R:` and igbinary
 * references) through its files handler, and by REAL Django 3.2 (cache backend on memcached:
 * Python's pickle memo). Every reader: GET /sessions/:id, the text protocol's get/get_all,
 * `isauth check --show-session` (text and JSON) and `isauth decode`.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startService, type Service } from '../../../src/serve/start.js';
import { djangoSession, haveDjango } from '../../harness/django.js';
import { ISAUTH_MAIN, haveIsauthBuild } from '../../harness/isauth.js';
import { havePhpExtensions } from '../../harness/php.js';
import { newSessionId, phpWriteSessions } from '../../harness/php-session.js';
import { havePrograms } from '../../harness/programs.js';
import { startMemcached, tempDir, type RunningServer } from '../../harness/servers.js';
import { portOf, TextClient } from '../../harness/text-client.js';
import { testConfig } from '../serve/in-process.js';
import { pino } from 'pino';

const TOKEN = 'inspect-Token-0123456789-abcdef';
const LEVELS = 20;
/** Far above the printed size (about 1 KB), far below the 63 MB each place in full gave. */
const SMALL = 20_000;

/** PHP: `tree`, LEVELS nested objects each holding the one below as a and b (`r:`). */
const OBJECTS = `$n = new stdClass; $n->leaf = 1;
for ($i = 0; $i < ${LEVELS}; $i++) { $o = new stdClass; $o->a = $n; $o->b = $n; $n = $o; }
$_SESSION['tree'] = $n;`;
/** PHP: `tree`, LEVELS nested arrays each holding the one below twice BY REFERENCE (`R:`). */
const REFERENCES = `$x = ['leaf' => 1];
for ($i = 0; $i < ${LEVELS}; $i++) { $y = []; $y['a'] = &$x; $y['b'] = &$x; unset($x); $x = $y; unset($y); }
$_SESSION['tree'] = $x;`;
/**
 * PHP: one object 50 levels down a chain of 1000-character property names, then referred to 400
 * times: each reference's pointer is 50 KB, 20 Mi characters in all — past the limit.
 */
const LONG_POINTERS = `$leaf = new stdClass; $leaf->v = 1; $k = str_repeat('k', 1000); $d = $leaf;
for ($i = 0; $i < 50; $i++) { $o = new stdClass; $o->$k = $d; $d = $o; }
$_SESSION['deep'] = $d; $_SESSION['refs'] = array_fill(0, 400, $leaf); $_SESSION['user'] = ['id' => 3];`;

/** Follow an RFC 6901 pointer. */
function at(root: unknown, pointer: string): unknown {
  let v = root;
  for (const seg of pointer.split('/').slice(1)) v = (v as Record<string, unknown>)[seg.replace(/~1/g, '/').replace(/~0/g, '~')];
  return v;
}

/** The tree printed once, every `b` a reference to its sibling `a`, the leaf at the bottom. */
function expectSharedTree(json: string, base: string, leafKey: string): void {
  expect(json.length).toBeLessThan(SMALL);
  const root = JSON.parse(json) as unknown;
  let node = at(root, base) as Record<string, unknown>;
  let pointer = base;
  for (let i = 0; i < LEVELS; i++) {
    expect(node.b).toEqual({ __ref: `${pointer}/a` });
    pointer = `${pointer}/a`;
    node = at(root, pointer) as Record<string, unknown>;
  }
  expect(node[leafKey]).toBe(1);
}

function cli(args: string[]): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [ISAUTH_MAIN, ...args], { encoding: 'utf8', timeout: 60_000, maxBuffer: 256 << 20 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const get = (svc: Service, path: string): Promise<Response> => fetch(`http://${svc.address}${path}`, { headers: { authorization: `Bearer ${TOKEN}` } });

async function textAsk(svc: Service, lines: string[]): Promise<string[]> {
  const c = await TextClient.connect(portOf(svc.textAddress));
  try {
    expect(await c.ask(`auth ${TOKEN}`)).toEqual(['ok']);
    const out: string[] = [];
    for (const l of lines) out.push(...(await c.ask(l)));
    return out;
  } finally {
    c.destroy();
  }
}

const SERIALIZERS = ['php', 'php_serialize', 'igbinary'] as const;

describe.runIf(haveIsauthBuild() && havePhpExtensions('igbinary'))('shared values written by PHP, in every reader', () => {
  const dirs: Record<string, string> = {};
  const services: Record<string, Service> = {};
  const ids = { objects: newSessionId(), references: newSessionId(), long: newSessionId() };

  beforeAll(async () => {
    for (const serializer of SERIALIZERS) {
      const dir = tempDir(`shared-${serializer}`);
      dirs[serializer] = dir;
      phpWriteSessions({ handler: 'files', savePath: dir, serializer }, [
        [ids.objects, OBJECTS],
        [ids.references, REFERENCES],
        [ids.long, LONG_POINTERS],
      ]);
      services[serializer] = await startService(
        testConfig(`files:${dir}`, { textListen: { host: '127.0.0.1', port: 0 }, inspectToken: TOKEN }, ['--serializer', serializer, '--auth', 'user|id']),
        pino({ level: 'silent' }),
      );
    }
  }, 60_000);
  afterAll(async () => {
    for (const s of Object.values(services)) await s.close();
  });

  for (const serializer of SERIALIZERS) {
    describe(serializer, () => {
      const file = (id: string): string => join(dirs[serializer]!, `sess_${id}`);
      const checkArgs = (id: string): string[] => ['check', id, '--store', `files:${dirs[serializer]}`, '--serializer', serializer, '--auth', 'user|id', '--timeout', '10000', '--show-session'];

      it('GET /sessions/:id and the text protocol print each shared value once', async () => {
        const svc = services[serializer]!;
        for (const [id, leaf] of [[ids.objects, 'leaf'], [ids.references, 'leaf']] as const) {
          const res = await get(svc, `/sessions/${id}`);
          expect(res.status).toBe(200);
          const body = await res.text();
          expectSharedTree(body, '/tree', leaf);
          const [all, tree] = await textAsk(svc, [`get_all ${id}`, `get ${id} tree`]);
          expect(all).toBe(`ok ${body.trimEnd()}`);
          expectSharedTree(tree!.slice(3), '', leaf); // `get` prints the value as the root: pointers start there
        }
      });

      it('isauth check --show-session and isauth decode print each shared value once', () => {
        const text = cli(checkArgs(ids.objects));
        expect(text.code, text.err).toBe(1); // not logged in: no `user`
        const variables = /^variables +(.*)$/m.exec(text.out)?.[1] ?? '';
        expectSharedTree(variables, '/tree', 'leaf');
        const json = cli([...checkArgs(ids.references), '--json']);
        const session = JSON.stringify((JSON.parse(json.out) as { session: unknown }).session);
        expectSharedTree(session, '/tree', 'leaf');
        for (const id of [ids.objects, ids.references]) {
          const decoded = cli(['decode', '--serializer', serializer, file(id)]);
          expect(decoded.code, decoded.err).toBe(0);
          expectSharedTree(decoded.out.trimEnd(), '/tree', 'leaf');
        }
      });

      it('past 16 Mi characters: JSON_TOO_LARGE everywhere, the decision unaffected', async () => {
        const svc = services[serializer]!;
        const res = await get(svc, `/sessions/${ids.long}`);
        expect(res.status).toBe(422);
        expect(await res.json()).toMatchObject({ error: 'too large', code: 'JSON_TOO_LARGE' });
        const [all, deep, user] = await textAsk(svc, [`get_all ${ids.long}`, `get ${ids.long} refs`, `get ${ids.long} user`]);
        expect(all).toMatch(/^err JSON_TOO_LARGE /);
        expect(deep).toMatch(/^ok \[/); // alone, `refs` prints the object once and refers to it 399 times: small
        expect(user).toBe('ok {"id":3}'); // the connection stays usable
        const text = cli(checkArgs(ids.long));
        expect(text.code, text.err).toBe(0); // logged in: user|id
        expect(text.out).toMatch(/^variables +\(not printed: JSON_TOO_LARGE: /m);
        const json = cli([...checkArgs(ids.long), '--json']);
        expect(JSON.parse(json.out)).toMatchObject({ state: '1', session: { error: expect.stringMatching(/^JSON_TOO_LARGE: /) } });
        const decoded = cli(['decode', '--serializer', serializer, file(ids.long)]);
        expect([decoded.code, decoded.out]).toEqual([1, '']);
        expect(decoded.err).toMatch(/^isauth: JSON_TOO_LARGE: /);
      });
    });
  }
});

describe.runIf(haveIsauthBuild() && haveDjango('pymemcache') && havePrograms('memcached'))('shared values pickled by Django (memo), in every reader', () => {
  let mc: RunningServer;
  let svc: Service;
  const SECRET = 'django-insecure-shared-values-test-key-0123456789';

  beforeAll(async () => {
    mc = await startMemcached();
    svc = await startService(
      testConfig(mc.url, { textListen: { host: '127.0.0.1', port: 0 }, inspectToken: TOKEN }, ['--framework', 'django']),
      pino({ level: 'silent' }),
    );
  });
  afterAll(async () => {
    await svc?.close();
    await mc?.stop();
  });

  it('GET /sessions/:id, get_all/get and isauth check --show-session', async () => {
    const s = djangoSession({ backend: 'cache', loggedIn: false, secretKey: SECRET, cacheLocation: mc.url, sharedTree: LEVELS });
    expect(s.stored!.length).toBeLessThan(2000); // pickled once: the memo refers to each dict again
    const res = await get(svc, `/sessions/${s.cookieValue}`);
    expect(res.status).toBe(200);
    const body = await res.text();
    expectSharedTree(body, '/tree', 'leaf');
    const [all, tree] = await textAsk(svc, [`get_all ${s.cookieValue}`, `get ${s.cookieValue} tree`]);
    expect(all).toBe(`ok ${body.trimEnd()}`);
    expectSharedTree(tree!.slice(3), '', 'leaf');
    const check = cli(['check', s.cookieValue, '--framework', 'django', '--store', mc.url, '--timeout', '10000', '--show-session', '--json']);
    expect(check.code, check.err).toBe(1);
    expectSharedTree(JSON.stringify((JSON.parse(check.out) as { session: unknown }).session), '/tree', 'leaf');
  });
});
