/**
 * Running the application's own tools (php, bin/console, manage.py) for `isauth init`: never
 * through a shell, as the user who runs the application (`runuser -u USER --` when isauth init
 * runs as root and that user is another), with a deadline and bounded output. What runs is
 * described exactly, quoted as a shell would need it, before it runs — and it runs only when the
 * operator agreed (a prompt, `--yes`, or the non-interactive `--print-config`).
 */
import { spawn } from 'node:child_process';

export interface Command {
  /** Program and arguments, as executed. */
  readonly argv: readonly string[];
  readonly cwd: string;
  /** Run as this user (`runuser -u USER --`); undefined: as isauth init's own user. */
  readonly user?: string | undefined;
  /** Extra environment variables (added to isauth init's own, minus ISAUTH_*). */
  readonly env?: Readonly<Record<string, string>>;
}

export interface CommandResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Killed at the deadline, or its output passed the limit. */
  readonly aborted?: string;
}

const MAX_OUTPUT = 16 * 1024 * 1024;

/** POSIX shell quoting: bare when safe, else single quotes. */
export function shellQuote(s: string): string {
  const closeEscapeReopen = "'\\''";
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(s) ? s : `'${s.replaceAll("'", closeEscapeReopen)}'`;
}

/**
 * The exact command, for the operator: `cd DIR && runuser -u www-data -- php -r CODE`, and an
 * argument that spans lines (a script) shown as CODE with its text below, line by line.
 */
export function describeCommand(c: Command): string {
  const env = Object.entries(c.env ?? {}).map(([k, v]) => `${k}=${shellQuote(v)}`);
  const argv = [...(c.user === undefined ? [] : ['runuser', '-u', c.user, '--']), ...(env.length > 0 ? ['env', ...env] : []), ...c.argv];
  const scripts = argv.filter((a) => a.includes('\n'));
  const line = `cd ${shellQuote(c.cwd)} && ${argv.map((a) => (a.includes('\n') ? 'CODE' : shellQuote(a))).join(' ')}`;
  return [line, ...scripts.map((s) => `where CODE is:\n    ${s.replace(/\n/g, '\n    ')}`)].join('\n');
}

/** Runs it (as described by describeCommand) with a deadline; never throws for the command's own failure. */
export function runCommand(c: Command, timeoutMs = 60_000, baseEnv: NodeJS.ProcessEnv = process.env): Promise<CommandResult> {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(baseEnv)) if (!k.startsWith('ISAUTH_')) env[k] = v;
  Object.assign(env, c.env ?? {});
  const [program, ...args] = c.user === undefined ? c.argv : ['runuser', '-u', c.user, '--', ...c.argv];
  return new Promise((resolve) => {
    let stdout = '';
    let stderr = '';
    let aborted: string | undefined;
    let child;
    try {
      child = spawn(program as string, args, { cwd: c.cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (err) {
      resolve({ status: null, stdout: '', stderr: (err as Error).message });
      return;
    }
    const timer = setTimeout(() => {
      aborted = `did not finish within ${timeoutMs / 1000} s`;
      child.kill('SIGKILL');
    }, timeoutMs);
    const take = (which: 'out' | 'err') => (d: Buffer) => {
      if (which === 'out') stdout += d.toString('utf8');
      else stderr += d.toString('utf8');
      if (stdout.length + stderr.length > MAX_OUTPUT && aborted === undefined) {
        aborted = `printed more than ${MAX_OUTPUT} bytes`;
        child.kill('SIGKILL');
      }
    };
    child.stdout.on('data', take('out'));
    child.stderr.on('data', take('err'));
    child.on('error', (err) => {
      stderr += err.message;
    });
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr, ...(aborted !== undefined && { aborted }) });
    });
  });
}

/** The last lines of a failed command's stderr (enough to say why, never its whole output). */
export function tail(text: string, lines = 8): string {
  return text.trim().split('\n').slice(-lines).join('\n');
}
