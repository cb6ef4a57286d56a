/** Shared by the deploy/ tests: the repo's files, parsed. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const read = (p: string): string => readFileSync(join(ROOT, p), 'utf8');

// A loose view of the Kubernetes objects the tests read (the YAML is checked at run time).
export interface Probe {
  exec?: { command: string[] };
  httpGet?: unknown;
  tcpSocket?: { port: string | number };
  periodSeconds?: number;
  timeoutSeconds?: number;
}
export interface Container {
  name: string;
  image: string;
  command?: string[];
  args?: string[];
  env?: Array<{ name: string; value?: string }>;
  ports?: Array<{ name?: string; containerPort: number }>;
  readinessProbe?: Probe;
  livenessProbe?: Probe;
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  securityContext?: Record<string, unknown>;
  volumeMounts?: Array<{ name: string; mountPath: string; subPath?: string }>;
}
export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string };
  spec: Record<string, unknown>;
}

/** Every document of a multi-document YAML file; a syntax error in any throws. */
export function parseYamlFile(path: string): K8sObject[] {
  return parseAllDocuments(read(path)).map((d) => {
    if (d.errors.length > 0) throw new Error(`${path}: ${d.errors.map((e) => e.message).join('; ')}`);
    return d.toJS() as K8sObject;
  });
}

/** The Dockerfile's HEALTHCHECK command (exec form). */
export function dockerHealthcheck(): string[] {
  const m = /^HEALTHCHECK .*\\\n\s*CMD (\[.*\])$/m.exec(read('Dockerfile'));
  if (!m?.[1]) throw new Error('Dockerfile: no HEALTHCHECK … CMD [exec form]');
  return JSON.parse(m[1]) as string[];
}

/** The listen address, the default of `--listen` in docs/configuration.md (generated from the schema). */
export function defaultListen(): string {
  const m = /^\| `--listen ADDR` \| `ISAUTH_LISTEN` \| `listen` \| `([^`]+)` \|$/m.exec(read('docs/configuration.md'));
  if (!m?.[1]) throw new Error('docs/configuration.md: no --listen row');
  return m[1];
}
