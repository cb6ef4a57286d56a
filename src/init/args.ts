/**
 * `isauth init [APP_DIR] [options]` arguments. Its own options only: the service's options come
 * from the application (that is the point); what the application cannot say — where isauth and
 * the site's nginx files go, who runs what — is asked here.
 */

export interface InitArgs {
  readonly appDir: string;
  /** Print the JSON `--config` reads on stdout; write nothing, ask nothing. */
  readonly printConfig: boolean;
  /** Answer yes to every question (run the application's tools, write the files). */
  readonly yes: boolean;
  readonly help: boolean;
  /** Who runs the application (its tools run as this user). */
  readonly appUser: string | undefined;
  /** Who runs isauth (owns the config file when it holds secrets). */
  readonly isauthUser: string;
  readonly configOut: string;
  /** nginx's configuration directory: isauth/ snippets and conf.d/isauth-<site>.conf go here. */
  readonly nginxDir: string;
  readonly site: string | undefined;
  readonly phpIni: string | undefined;
  readonly phpFpmPool: string | undefined;
  readonly php: string;
  readonly python: string;
  /** host:port of the memcached holding the pages. */
  readonly pageCache: string;
  /** `listen` of the generated nginx server. */
  readonly siteListen: string;
  readonly serverName: string;
  /** isauth's `--listen` (the nginx upstream). */
  readonly listen: string;
  /** Django (not PHP): the application server nginx proxies to. */
  readonly appUpstream: string | undefined;
  readonly wpConfig: string | undefined;
  /** A session cookie value for the live check. */
  readonly cookieValue: string | undefined;
  /** Skip the live check. */
  readonly noCheck: boolean;
  readonly problems: readonly string[];
}

const VALUE_FLAGS = {
  '--app-user': 'appUser',
  '--isauth-user': 'isauthUser',
  '--config-out': 'configOut',
  '--nginx-dir': 'nginxDir',
  '--site': 'site',
  '--php-ini': 'phpIni',
  '--php-fpm-pool': 'phpFpmPool',
  '--php': 'php',
  '--python': 'python',
  '--page-cache': 'pageCache',
  '--site-listen': 'siteListen',
  '--server-name': 'serverName',
  '--listen': 'listen',
  '--app-upstream': 'appUpstream',
  '--wp-config': 'wpConfig',
  '--cookie-value': 'cookieValue',
} as const;

type ValueKey = (typeof VALUE_FLAGS)[keyof typeof VALUE_FLAGS];

export const INIT_USAGE = `usage: isauth init [APP_DIR] [options]
  Reads the session settings of the application in APP_DIR (default: the current directory) from
  the application itself — Laravel, Symfony, Django, WordPress, else PHP's php.ini and php-fpm
  pool — then writes isauth's config file and the site's nginx include, and checks it live.
  Every program it runs is shown first and runs only when you agree (or with --yes).

  --print-config        print the JSON --config reads on stdout; write nothing, ask nothing
  --yes                 agree to everything (run the application's tools, write the files)
  --app-user USER       who runs the application (default: the php-fpm pool's user, else the
                        owner of APP_DIR); its tools run as this user
  --isauth-user USER    who runs isauth (default www-data, as the shipped systemd unit)
  --config-out FILE     isauth's config file (default /etc/isauth/SITE.json)
  --nginx-dir DIR       nginx's directory (default /etc/nginx): DIR/isauth/ and DIR/conf.d/isauth-SITE.conf
  --site NAME           names the files (default: APP_DIR's name)
  --php-ini FILE, --php-fpm-pool FILE
                        PHP's settings (default: Debian's /etc/php/VERSION/fpm/…)
  --php PATH, --python PATH
                        the interpreters that run the application's tools (php, python3)
  --page-cache HOST:PORT  the memcached holding the pages (default 127.0.0.1:11211)
  --site-listen ADDR    the nginx server's listen (default 8080); --server-name NAME (default _)
  --listen ADDR         isauth's address (default 127.0.0.1:9180)
  --app-upstream HOST:PORT  Django: the application server nginx falls back to
  --wp-config FILE      WordPress: its wp-config.php
  --cookie-value VALUE  a session cookie for the live check (else the newest session, or asked)
  --no-check            skip the live check`;

export function parseInitArgs(argv: readonly string[], cwd: string): InitArgs {
  const values: Partial<Record<ValueKey, string>> = {};
  const problems: string[] = [];
  const dirs: string[] = [];
  let printConfig = false;
  let yes = false;
  let help = false;
  let noCheck = false;
  for (let i = 0; i < argv.length; i++) {
    const tok = argv[i] as string;
    const eq = tok.indexOf('=');
    const flag = tok.startsWith('--') && eq > 0 ? tok.slice(0, eq) : tok;
    if (flag === '--print-config') printConfig = true;
    else if (flag === '--yes' || flag === '-y') yes = true;
    else if (flag === '--no-check') noCheck = true;
    else if (flag === '--help' || flag === '-h') help = true;
    else if (Object.hasOwn(VALUE_FLAGS, flag)) {
      const v = eq > 0 && tok.startsWith('--') ? tok.slice(eq + 1) : argv[++i];
      if (v === undefined) problems.push(`${flag} needs a value`);
      else values[VALUE_FLAGS[flag as keyof typeof VALUE_FLAGS]] = v;
    } else if (tok.startsWith('-') && tok !== '-') problems.push(`unknown option ${tok}`);
    else dirs.push(tok);
  }
  if (dirs.length > 1) problems.push(`one APP_DIR only (got ${dirs.length})`);
  const appDir = dirs[0] === undefined ? cwd : dirs[0].startsWith('/') ? dirs[0] : `${cwd}/${dirs[0]}`;
  const site = values.site;
  if (site !== undefined && !/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/.test(site)) problems.push('--site: 1-64 of A-Za-z0-9_.- (it names files)');
  if (values.pageCache !== undefined && !/^[^\s:]+:\d{1,5}$/.test(values.pageCache)) problems.push('--page-cache: HOST:PORT');
  return {
    appDir: appDir.replace(/\/+$/, '') || '/',
    printConfig,
    yes,
    help,
    noCheck,
    appUser: values.appUser,
    isauthUser: values.isauthUser ?? 'www-data',
    configOut: values.configOut ?? '',
    nginxDir: values.nginxDir ?? '/etc/nginx',
    site,
    phpIni: values.phpIni,
    phpFpmPool: values.phpFpmPool,
    php: values.php ?? 'php',
    python: values.python ?? 'python3',
    pageCache: values.pageCache ?? '127.0.0.1:11211',
    siteListen: values.siteListen ?? '8080',
    serverName: values.serverName ?? '_',
    listen: values.listen ?? '127.0.0.1:9180',
    appUpstream: values.appUpstream,
    // absolute: the config file names it (src/config/file.ts wants an absolute path)
    wpConfig: values.wpConfig === undefined || values.wpConfig.startsWith('/') ? values.wpConfig : `${cwd}/${values.wpConfig}`,
    cookieValue: values.cookieValue,
    problems,
  };
}
