/**
 * docker-compose.yml and the Dockerfiles cannot run here (no Docker engine): check instead that
 * they use the same shipped files, addresses and isauth flags as the e2e tests, and that every
 * mounted file exists.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DEMO_ISAUTH_FLAGS } from '../harness/isauth.js';
import { nginxSubstitutions } from '../harness/nginx.js';
import { phpFpmSubstitutions } from '../harness/php-fpm.js';
import { parse as parseYaml } from 'yaml';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const read = (p: string): string => readFileSync(join(ROOT, p), 'utf8');
type Yaml = string | number | boolean | null | Yaml[] | { [key: string]: Yaml };
type Service = { [k: string]: Yaml };
// yaml's defaults reject duplicate keys; any other YAML error throws too.
const compose = parseYaml(read('docker-compose.yml'), { prettyErrors: true }) as { services: Record<string, Service>; volumes: Yaml };
const svc = (name: string): Service => compose.services[name] ?? {};
const list = (v: Yaml | undefined): string[] => (Array.isArray(v) ? (v as string[]) : []);
const mounts = (name: string): Array<[string, string]> =>
  list(svc(name).volumes).map((m) => m.split(':').slice(0, 2) as [string, string]); // drop :ro

describe('docker-compose.yml matches what the e2e tests run', () => {
  it('has the four services, nginx publishing 8080 where the site listens', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['isauth', 'memcached', 'nginx', 'php']);
    expect(list(svc('nginx').ports)).toEqual(['8080:8080']);
    expect(read('nginx/example-site.conf')).toMatch(/^\s*listen 8080;/m);
    for (const s of ['memcached', 'php', 'isauth']) expect(svc(s).network_mode, s).toBe('service:nginx');
  });

  it('every mounted file or directory exists', () => {
    const all = Object.keys(compose.services).flatMap((s) => mounts(s));
    const local = all.filter(([src]) => src.startsWith('./'));
    expect(local.length).toBeGreaterThanOrEqual(3);
    for (const [src] of local) expect(existsSync(join(ROOT, src)), src).toBe(true);
    const named = all.filter(([src]) => !src.startsWith('./') && !src.startsWith('/')).map(([src]) => src);
    for (const v of named) expect(Object.keys(compose.volumes ?? {}), v).toContain(v);
    for (const s of Object.values(compose.services)) {
      if (typeof s.build === 'string') expect(existsSync(join(ROOT, s.build, 'Dockerfile')), s.build).toBe(true);
    }
  });

  it('nginx gets the shipped files where example-site.conf includes them from', () => {
    expect(mounts('nginx')).toContainEqual(['./nginx', '/etc/nginx/isauth']);
    expect(mounts('nginx')).toContainEqual(['./nginx/example-site.conf', '/etc/nginx/conf.d/default.conf']);
    expect(read('nginx/example-site.conf')).toContain('include isauth/isauth-upstream.conf;');
  });

  it('php-fpm runs the demo app and pool at the root nginx uses, on the shared socket volume', () => {
    expect(mounts('php')).toContainEqual(['./examples/php-app', '/var/www/isauth-demo']);
    expect(read('nginx/example-site.conf')).toContain('root /var/www/isauth-demo/public;');
    expect(svc('php').command).toEqual(['php-fpm8.2', '-F', '-y', '/var/www/isauth-demo/php-fpm.conf']);
    const sock = phpFpmSubstitutions('/x', 1)[0]![0];
    expect(read('examples/php-app/php-fpm.conf')).toContain(`listen = ${sock}`);
    expect(read('nginx/isauth-http.conf')).toContain(`server unix:${sock};`);
    const runDir = sock.slice(0, sock.lastIndexOf('/'));
    for (const s of ['nginx', 'php']) expect(mounts(s), s).toContainEqual(['php-run', runDir]);
  });

  it('memcached and isauth listen where the shipped nginx and pool files expect them', () => {
    const subs = new Map(nginxSubstitutions({ isauth: { port: 1 }, memcachedPort: 2, phpSocket: '/s', appRoot: '/r' }, 3));
    expect(subs.has('127.0.0.1:11211') && subs.has('127.0.0.1:9180')).toBe(true);
    expect(svc('memcached').command).toEqual(['memcached', '-l', '127.0.0.1', '-p', '11211', '-U', '0']);
    expect(read('examples/php-app/php-fpm.conf')).toContain('session.save_path] = "127.0.0.1:11211"');
    expect(read('nginx/isauth-upstream.conf')).toContain('server 127.0.0.1:9180');
    expect(svc('isauth').command).toEqual([
      'serve', '--listen', '127.0.0.1:9180', '--store', 'memcached://127.0.0.1:11211', ...DEMO_ISAUTH_FLAGS,
    ]);
  });
});

describe('Dockerfile builds isauth small', () => {
  const df = read('Dockerfile');
  it('multi-stage on Node 22/24 LTS, npm ci, build, production deps only, non-root user', () => {
    const froms = [...df.matchAll(/^FROM (\S+)/gm)].map((m) => m[1]);
    expect(froms.length).toBe(2);
    for (const f of froms) expect(f).toMatch(/^node:(22|24)-/);
    const [buildStage, finalStage] = df.split(/^FROM .*$/m).slice(1) as [string, string];
    expect(buildStage).toMatch(/RUN npm ci\b/);
    expect(buildStage).toMatch(/npm run build/);
    expect(finalStage).toMatch(/RUN npm ci --omit=dev\b/);
    expect(finalStage).toContain('COPY --from=build /app/dist ./dist');
    expect(finalStage).not.toMatch(/COPY --from=build \S*node_modules/);
    // numeric, so Kubernetes' runAsNonRoot can check it (deploy/kubernetes/sidecar.yaml)
    expect(finalStage).toMatch(/^USER [1-9]\d*(:[1-9]\d*)?$/m);
    const copied = [...df.matchAll(/^COPY (?!--from)(.+) \S+$/gm)].flatMap((m) => m[1]!.split(' '));
    expect(copied).toEqual(expect.arrayContaining(['package.json', 'package-lock.json', 'tsconfig.json', 'src']));
    for (const p of copied) expect(existsSync(join(ROOT, p)), p).toBe(true);
  });
  it('has a HEALTHCHECK that needs only node, on the address the CMD listens on', () => {
    const hc = /^HEALTHCHECK .*\\\n\s*CMD (\[.*\])$/m.exec(df);
    expect(hc, 'HEALTHCHECK … CMD [exec form]').not.toBeNull();
    const cmd = JSON.parse(hc![1]!) as string[];
    expect(cmd.slice(0, 2)).toEqual(['node', '-e']);
    expect(cmd[2]).toContain("fetch('http://127.0.0.1:9180/healthz'");
    expect(df).toMatch(/^CMD \["serve", "--listen", "0\.0\.0\.0:9180"\]$/m);
  });
  it('.dockerignore keeps node_modules and dist out of the build context', () => {
    const ignore = read('.dockerignore').split('\n').map((l) => l.trim());
    expect(ignore).toEqual(expect.arrayContaining(['node_modules', 'dist', '.git']));
    expect(ignore).not.toContain('src');
  });
});
