/**
 * deploy/monitoring/: the Grafana dashboard and the Prometheus alerting rules, against a live
 * isauth. Every metric and label matcher their expressions name exists on the running service's
 * /metrics; `promtool check rules` accepts the rules; and a real Prometheus (Debian's
 * `prometheus`) scraping that isauth loads the rules (all healthy), runs every dashboard query
 * without an error, and raises IsauthNotReady (pending) while the store cannot be read.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { haveIsauthBuild, startIsauth, type RunningIsauth } from '../harness/isauth.js';
import { findProgram, havePrograms } from '../harness/programs.js';
import { spawnTracked, type Tracked } from '../harness/process.js';
import { freePort, tempDir, waitForPort } from '../harness/servers.js';
import { read, ROOT } from './support.js';

const RULES_FILE = join(ROOT, 'deploy/monitoring/prometheus-rules.yaml');

interface Rule { alert: string; expr: string; for?: string }
const rules = (parse(read('deploy/monitoring/prometheus-rules.yaml')) as { groups: Array<{ rules: Rule[] }> }).groups.flatMap((g) => g.rules);

interface Panel { title: string; type: string; targets?: Array<{ expr: string }> }
const dashboard = JSON.parse(read('deploy/monitoring/grafana-dashboard.json')) as { panels: Panel[]; templating: { list: Array<{ definition?: string }> }; annotations: { list: Array<{ expr?: string }> } };
const panelExprs = dashboard.panels.flatMap((p) => (p.targets ?? []).map((t) => ({ title: p.title, expr: t.expr })));

/** Grafana's variables, as a query would run: all jobs and instances, a 1-minute rate window. */
const grafana = (expr: string): string => expr.replace(/\$__rate_interval/g, '1m').replace(/\$(job|instance)\b/g, '.*');

/** The metric names an expression reads (isauth's and the standard process/nodejs ones). */
function metricsOf(expr: string): string[] {
  return [...new Set([...expr.matchAll(/\b((?:isauth|process|nodejs)_[a-z_]+)\b/g)].map((m) => m[1]!))];
}

/** `metric{label="value", …}` matchers in an expression (the labels that must exist on the metric). */
function matchersOf(expr: string): Array<{ metric: string; label: string }> {
  return [...expr.matchAll(/\b((?:isauth|process|nodejs)_[a-z_]+)\{([^}]*)\}/g)].flatMap((m) =>
    [...m[2]!.matchAll(/([a-z_]+)\s*=~?\s*"/g)].map((l) => ({ metric: m[1]!, label: l[1]! })).filter((x) => x.label !== 'job' && x.label !== 'instance'),
  );
}

/** The live /metrics: for each sample name, the label names it has. Histograms add _bucket/_sum/_count. */
function parseExposition(text: string): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{([^}]*)\})? /.exec(line);
    if (!m) continue;
    const labels = out.get(m[1]!) ?? new Set<string>();
    for (const l of (m[2] ?? '').matchAll(/([a-zA-Z_]+)="/g)) labels.add(l[1]!);
    out.set(m[1]!, labels);
  }
  return out;
}

describe('deploy/monitoring: what the dashboard and the rules cover', () => {
  it('the dashboard has the panels operators need; the rules the alerts', () => {
    const titles = dashboard.panels.map((p) => p.title);
    for (const t of ['Decisions by variant', 'Bypass by reason', 'Store read latency', 'Cookie rejections', 'Process memory', 'Ready (store check)']) expect(titles).toContain(t);
    expect(rules.map((r) => r.alert)).toEqual(expect.arrayContaining(['IsauthBypassRateHigh', 'IsauthStoreErrors', 'IsauthNotReady', 'IsauthMemoryGrowing']));
    expect(panelExprs.length).toBeGreaterThanOrEqual(15);
  });
});

describe.runIf(haveIsauthBuild())('deploy/monitoring against a live isauth', () => {
  let isauth: RunningIsauth;
  let live: Map<string, Set<string>>;

  beforeAll(async () => {
    const dir = tempDir('monitoring');
    isauth = await startIsauth({ store: `files:${dir}`, flags: ['--auth', 'user', '--log-level', 'warn'] });
    await isauth.get('/auth', { cookie: 'PHPSESSID=abc' }); // one decision, so histograms have samples
    const r = await isauth.get('/metrics');
    live = parseExposition(r.body);
  });
  afterAll(async () => {
    await isauth?.stop();
  });

  it('every metric the rules and panels name is on /metrics, with the labels they match on', () => {
    const exprs = [...rules.map((r) => r.expr), ...panelExprs.map((p) => p.expr), ...dashboard.templating.list.flatMap((v) => (v.definition ? [v.definition] : []))];
    const named = [...new Set(exprs.flatMap(metricsOf))];
    expect(named).toEqual(expect.arrayContaining(['isauth_requests_total', 'isauth_store_errors_total', 'isauth_ready', 'process_resident_memory_bytes', 'isauth_store_duration_seconds_bucket', 'isauth_cookie_rejections_total']));
    expect(named.filter((n) => !live.has(n))).toEqual([]);
    const missingLabels = exprs.flatMap(matchersOf).filter(({ metric, label }) => !live.get(metric)?.has(label));
    expect(missingLabels).toEqual([]);
  });
});

const havePrometheus = haveIsauthBuild() && havePrograms('promtool', 'prometheus');

describe.runIf(havePrometheus)('deploy/monitoring in a real Prometheus', () => {
  let isauth: RunningIsauth;
  let prometheus: Tracked;
  let api: string;

  beforeAll(async () => {
    // A store that cannot be read (a missing directory): isauth_ready is 0.
    const dir = tempDir('prometheus');
    chmodSync(dir, 0o755);
    isauth = await startIsauth({ store: `files:${join(dir, 'missing')}`, flags: ['--auth', 'user', '--log-level', 'error'] });
    const port = await freePort();
    api = `http://127.0.0.1:${port}/api/v1`;
    mkdirSync(join(dir, 'data'));
    writeFileSync(join(dir, 'prometheus.yml'), `global:
  scrape_interval: 1s
  evaluation_interval: 1s
rule_files: ['${RULES_FILE}']
scrape_configs:
  - job_name: isauth
    static_configs: [{ targets: ['127.0.0.1:${isauth.port}'] }]
`);
    prometheus = spawnTracked('prometheus', findProgram('prometheus')!, [
      `--config.file=${join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`, '--log.level=warn',
    ]);
    await prometheus.started(waitForPort(port, 30_000));
  }, 60_000);
  afterAll(async () => {
    await prometheus?.stop();
    await isauth?.stop();
  });

  async function query(expr: string): Promise<{ status: string; error?: string; data?: { result: Array<{ metric: Record<string, string>; value: [number, string] }> } }> {
    const r = await fetch(`${api}/query?query=${encodeURIComponent(expr)}`);
    return (await r.json()) as never;
  }
  async function until<T>(what: string, probe: () => Promise<T | undefined>, ms = 30_000): Promise<T> {
    const end = Date.now() + ms;
    for (;;) {
      const v = await probe().catch(() => undefined);
      if (v !== undefined) return v;
      if (Date.now() > end) throw new Error(`not in time: ${what}\n${prometheus.output()}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  it('promtool accepts the rules', () => {
    const r = spawnSync(findProgram('promtool')!, ['check', 'rules', RULES_FILE], { encoding: 'utf8' });
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain(`SUCCESS: ${rules.length} rules found`);
  });

  it('loads every rule healthy, runs every dashboard query, and raises IsauthNotReady while the store cannot be read', async () => {
    await until('isauth scraped', async () => ((await query('isauth_ready')).data?.result.length ?? 0) > 0 || undefined);
    const loaded = await until('rules evaluated', async () => {
      const r = (await (await fetch(`${api}/rules`)).json()) as { data: { groups: Array<{ rules: Array<{ name: string; health: string; lastError?: string }> }> } };
      const all = r.data.groups.flatMap((g) => g.rules);
      return all.length === rules.length && all.every((x) => x.health !== 'unknown') ? all : undefined;
    });
    expect(loaded.filter((x) => x.health !== 'ok')).toEqual([]);
    for (const { title, expr } of panelExprs) {
      const r = await query(grafana(expr));
      expect([title, r.status, r.error]).toEqual([title, 'success', undefined]);
    }
    expect((await query('isauth_ready')).data?.result[0]?.value[1]).toBe('0');
    const alert = await until('IsauthNotReady pending', async () => (await query('ALERTS{alertname="IsauthNotReady"}')).data?.result[0]);
    expect(alert.metric).toMatchObject({ alertstate: 'pending', severity: 'critical', store: 'files', job: 'isauth' });
  }, 60_000);
});
