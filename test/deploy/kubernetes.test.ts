/**
 * deploy/kubernetes/sidecar.yaml cannot be applied here (no cluster): check it statically — it
 * parses, the isauth container's flags are real isauth flags (`--check-config` on the build),
 * its address is the one the shipped nginx upstream uses, the probes ask /readyz and /healthz on
 * that address, and every container is locked down.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { haveIsauthBuild, ISAUTH_MAIN } from '../harness/isauth.js';
import { type Container, defaultListen, dockerHealthcheck, type K8sObject, parseYamlFile, read } from './support.js';

const docs = parseYamlFile('deploy/kubernetes/sidecar.yaml');
const deployment = docs.find((d) => d.kind === 'Deployment') as K8sObject;
const podSpec = (deployment.spec.template as { spec: Record<string, unknown> }).spec;
const containers = podSpec.containers as Container[];
const byName = (n: string): Container => {
  const c = containers.find((x) => x.name === n);
  if (!c) throw new Error(`no container ${n}`);
  return c;
};
const isauth = byName('isauth');
const nginx = byName('nginx');
const arg = (flag: string): string | undefined => {
  const i = (isauth.args ?? []).indexOf(flag);
  return i < 0 ? undefined : isauth.args?.[i + 1];
};

describe('deploy/kubernetes/sidecar.yaml', () => {
  it('is a Deployment of nginx + isauth (+ the PHP app) and a Service that is not named isauth', () => {
    expect(deployment.apiVersion).toBe('apps/v1');
    expect(containers.map((c) => c.name).sort()).toEqual(['isauth', 'nginx', 'php']);
    for (const d of docs) expect(d.metadata.name, `${d.kind} name`).not.toBe('isauth');
    // Service links would inject <SERVICE>_PORT… variables; isauth checks every ISAUTH_* it sees.
    expect(podSpec.enableServiceLinks).toBe(false);
    const svc = docs.find((d) => d.kind === 'Service') as K8sObject;
    const ports = svc.spec.ports as Array<{ targetPort: string }>;
    expect(ports.map((p) => p.targetPort)).toEqual(['http']);
    expect(nginx.ports).toEqual([{ name: 'http', containerPort: 8080 }]);
    expect(read('nginx/example-site.conf')).toMatch(/^\s*listen 8080;/m);
  });

  it('isauth listens on loopback where nginx/isauth-upstream.conf expects it — the default address', () => {
    expect(isauth.command).toBeUndefined(); // the image's entrypoint runs node dist/bin/isauth.js
    expect(isauth.args?.[0]).toBe('serve');
    const listen = arg('--listen');
    expect(listen).toBe(defaultListen());
    expect(listen).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(read('nginx/isauth-upstream.conf')).toMatch(new RegExp(`^\\s*server ${listen!.replace(/\./g, '\\.')}\\b`, 'm'));
    for (const e of isauth.env ?? []) if (e.name.startsWith('ISAUTH_')) expect(read('docs/configuration.md')).toContain(`\`${e.name}\``);
  });

  it('isauth accepts the container arguments and env (isauth --check-config)', () => {
    haveIsauthBuild();
    const env: NodeJS.ProcessEnv = {};
    for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('ISAUTH_')) env[k] = v;
    for (const e of isauth.env ?? []) if (e.name.startsWith('ISAUTH_')) env[e.name] = e.value ?? '';
    const r = spawnSync(process.execPath, [ISAUTH_MAIN, ...(isauth.args ?? []), '--check-config'], { env, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`--listen ${arg('--listen')}`);
    expect(r.stdout).toContain('--log-level warn');
  });

  it('probes: readiness on /readyz, liveness on /healthz, both from inside the container on the listen address', () => {
    const listen = arg('--listen');
    const script = (p: Container['readinessProbe']): string => {
      const cmd = p?.exec?.command ?? [];
      expect(cmd.slice(0, 2)).toEqual(['node', '-e']);
      return cmd[2] ?? '';
    };
    // The kubelet's httpGet goes to the pod IP, where a loopback listener is not reachable.
    expect(isauth.readinessProbe?.httpGet).toBeUndefined();
    expect(script(isauth.readinessProbe)).toContain(`fetch('http://${listen}/readyz'`);
    expect(script(isauth.livenessProbe)).toContain(`fetch('http://${listen}/healthz'`);
    // The liveness probe is the Dockerfile's HEALTHCHECK, word for word.
    expect(isauth.livenessProbe?.exec?.command).toEqual(dockerHealthcheck());
    for (const p of [isauth.readinessProbe, isauth.livenessProbe]) expect(p?.timeoutSeconds).toBeGreaterThanOrEqual(3);
    expect(nginx.readinessProbe?.tcpSocket?.port).toBe('http');
  });

  it('every container has resources and runs as non-root; nginx and isauth on a read-only root filesystem', () => {
    const pod = podSpec.securityContext as Record<string, unknown>;
    expect(pod.runAsNonRoot).toBe(true);
    for (const c of containers) {
      expect(c.resources?.requests?.memory, c.name).toBeDefined();
      expect(c.resources?.limits?.memory, c.name).toBeDefined();
      expect(c.securityContext?.runAsNonRoot, c.name).toBe(true);
      expect(c.securityContext?.runAsUser, c.name).toBeGreaterThan(0);
      expect(c.securityContext?.allowPrivilegeEscalation, c.name).toBe(false);
      expect(c.securityContext?.capabilities, c.name).toEqual({ drop: ['ALL'] });
    }
    for (const c of [nginx, isauth]) expect(c.securityContext?.readOnlyRootFilesystem, c.name).toBe(true);
    // The image's USER is the uid the pod runs isauth as (runAsNonRoot needs a number).
    const user = /^USER (\d+)(?::(\d+))?$/m.exec(read('Dockerfile'));
    expect(Number(user?.[1])).toBe(isauth.securityContext?.runAsUser);
    // The heap limit stays under the container's memory limit.
    const heap = /--max-old-space-size=(\d+)/.exec(isauth.env?.find((e) => e.name === 'NODE_OPTIONS')?.value ?? '');
    expect(Number(heap?.[1])).toBeLessThan(Number.parseInt(isauth.resources?.limits?.memory ?? '0', 10));
  });

  it('nginx gets the shipped files where example-site.conf includes them from, and PHP-FPM shares its socket directory', () => {
    const mounts = (c: Container): string[] => (c.volumeMounts ?? []).map((m) => m.mountPath);
    expect(mounts(nginx)).toEqual(expect.arrayContaining(['/etc/nginx/isauth', '/etc/nginx/conf.d/default.conf', '/run/php']));
    expect(nginx.volumeMounts?.find((m) => m.mountPath === '/etc/nginx/conf.d/default.conf')?.subPath).toBe('example-site.conf');
    expect(read('nginx/isauth-http.conf')).toContain('server unix:/run/php/php8.2-fpm.sock;');
    expect(mounts(byName('php'))).toContain('/run/php');
  });
});
