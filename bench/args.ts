/** `npm run bench -- [options]`: parsed once, validated, with defaults. */
import { parseArgs } from 'node:util';

export interface BenchArgs {
  readonly seconds: number;
  readonly warmup: number;
  readonly connections: number;
  readonly sessions: number;
  readonly only: readonly string[] | undefined;
  readonly nginxWorkers: number;
  readonly phpChildren: number;
  readonly upstreamKeepalive: number | undefined;
  readonly isauthFlags: readonly string[];
  readonly ratePass: boolean;
  /** Measure a disturbed setup again up to this many times. */
  readonly retries: number;
  /** Seconds to wait for a quiet machine before each measurement. */
  readonly quietWait: number;
  readonly profile: boolean;
  /** Measure the CLI's start-up after the setups (bench/startup.ts). */
  readonly startup: boolean;
  /** Write results/latest.* (off for experiments with --no-save). */
  readonly save: boolean;
}

export const USAGE = `usage: npm run bench -- [options]
  --duration S        seconds of measured load per setup (default 10)
  --warmup S          seconds of unmeasured load before each (default 2)
  --connections N     concurrent connections (default 50)
  --sessions N        real PHP sessions to create (default 10000)
  --only a,b          setups or groups: limit, isauth-tcp, isauth-unix, isauth (those two),
                      isauth-redis, isauth-redis-cluster, isauth-files, isauth-mariadb,
                      isauth-postgres, stores (those five), php-fpm, php-fpm-files, lua,
                      direct-isauth, direct-node, direct, wordpress-isauth,
                      wordpress-php, wordpress (those two)
  --nginx-workers N   nginx worker_processes (default 1)
  --php-children N    php-fpm static children (default 12)
  --keepalive N       replace the shipped isauth upstream \`keepalive 64;\` (experiment)
  --isauth-flags="…"  extra isauth flags, e.g. --isauth-flags="--workers 2" (note the =)
  --retries N         measure a setup again when other programs disturbed it (default 3)
  --quiet-wait S      wait up to S seconds for an idle machine before each measurement (default 60)
  --no-rate-pass      skip the second pass at 50 % of isauth's max rate
  --no-startup        skip the CLI start-up measurement (npm run bench:startup runs it alone)
  --profile           run isauth under node --cpu-prof (written to bench/results/profile/)
  --no-save           do not write bench/results/latest.*`;

function positive(name: string, raw: string | undefined, dflt: number, allowZero = false): number {
  if (raw === undefined) return dflt;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0 || (!allowZero && n === 0)) throw new Error(`--${name}: not a positive number: ${raw}`);
  return n;
}

export function parseBenchArgs(argv: string[]): BenchArgs {
  const { values } = parseArgs({
    args: argv,
    options: {
      duration: { type: 'string' },
      warmup: { type: 'string' },
      connections: { type: 'string' },
      sessions: { type: 'string' },
      only: { type: 'string' },
      'nginx-workers': { type: 'string' },
      'php-children': { type: 'string' },
      keepalive: { type: 'string' },
      'isauth-flags': { type: 'string' },
      'no-rate-pass': { type: 'boolean' },
      retries: { type: 'string' },
      'quiet-wait': { type: 'string' },
      profile: { type: 'boolean' },
      'no-startup': { type: 'boolean' },
      'no-save': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const flags = values['isauth-flags']?.trim();
  return {
    seconds: positive('duration', values.duration, 10),
    warmup: positive('warmup', values.warmup, 2, true),
    connections: Math.round(positive('connections', values.connections, 50)),
    sessions: Math.round(positive('sessions', values.sessions, 10_000)),
    only: values.only?.split(',').map((s) => s.trim()).filter(Boolean),
    nginxWorkers: Math.round(positive('nginx-workers', values['nginx-workers'], 1)),
    phpChildren: Math.round(positive('php-children', values['php-children'], 12)),
    upstreamKeepalive: values.keepalive === undefined ? undefined : Math.round(positive('keepalive', values.keepalive, 16)),
    isauthFlags: flags ? flags.split(/\s+/) : [],
    ratePass: !values['no-rate-pass'],
    retries: Math.round(positive('retries', values.retries, 3, true)),
    quietWait: positive('quiet-wait', values['quiet-wait'], 60, true),
    profile: values.profile ?? false,
    startup: !values['no-startup'],
    save: !values['no-save'],
  };
}
