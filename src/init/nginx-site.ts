/**
 * The nginx side of `isauth init`: the shipped nginx/ snippets copied to NGINX_DIR/isauth/ (the
 * files include each other as isauth/…), and ONE file for the site, NGINX_DIR/conf.d/isauth-SITE.conf
 * — Debian's nginx.conf includes conf.d/*.conf, so a reload is all nginx needs. The site file is
 * the shipped isauth-upstream*.conf and isauth-http.conf with this host's addresses (isauth's
 * --listen, the page-cache memcached, the php-fpm pool's listen), and a server like
 * example-site.conf rooted at the application's public directory. Django has no php-fpm: its
 * fallback location proxies to the application server (--app-upstream) instead.
 *
 * After writing, `nginx -t` checks the whole configuration; when it fails the previous file is
 * put back, so a running nginx never reloads a broken site.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../version.js';
import type { InitArgs } from './args.js';
import { writeFileAtomically } from './config-file.js';
import type { Detected } from './detect.js';
import type { PhpSetup } from './php.js';
import type { Asker } from './prompt.js';

/** The package's nginx/ directory. */
export const SHIPPED_NGINX = join(packageRoot(), 'nginx');

/** Snippets without addresses: copied as they are. */
const SNIPPETS = ['isauth-auth.conf', 'isauth-named.conf', 'isauth-cache.conf', 'isauth-proxy.conf', 'isauth-protect.conf', 'fastcgi-php.conf'];

function replaceOnce(text: string, from: string, to: string): string {
  if (!text.includes(from)) throw new Error(`nginx/: "${from}" no longer in the shipped files`);
  return text.split(from).join(to);
}

/** The document root nginx serves: public/ for Laravel and Symfony, the directory otherwise. */
export function documentRoot(app: Detected, appDir: string): string {
  return (app.kind === 'laravel' || app.kind === 'symfony') && existsSync(join(appDir, 'public')) ? join(appDir, 'public') : appDir;
}

export interface SiteOptions {
  readonly app: Detected;
  readonly appDir: string;
  readonly site: string;
  readonly args: InitArgs;
  readonly php: PhpSetup | undefined;
}

/** The site file's text. */
export function renderSite(o: SiteOptions): string {
  const read = (f: string): string => readFileSync(join(SHIPPED_NGINX, f), 'utf8');
  const listen = o.args.listen;
  const upstream = listen.startsWith('unix:')
    ? replaceOnce(read('isauth-upstream-unix.conf'), 'unix:/run/isauth/isauth.sock', listen)
    : replaceOnce(read('isauth-upstream.conf'), '127.0.0.1:9180', listen);
  let http = replaceOnce(read('isauth-http.conf'), '127.0.0.1:11211', o.args.pageCache);
  const django = o.app.kind === 'django';
  if (django) {
    http = http.replace(/# PHP-FPM, which renders[^]*?\n}\n/, '');
  } else {
    const fpm = o.php?.listen ?? '/run/php/php8.2-fpm.sock';
    http = replaceOnce(http, 'unix:/run/php/php8.2-fpm.sock', fpm.startsWith('/') ? `unix:${fpm}` : fpm);
  }
  const appServer = o.args.appUpstream ?? '127.0.0.1:8000';
  const fallback = django
    ? `    # Django renders every page the cache cannot answer (and writes it into the cache: docs/nginx.md).
    location @isauth_cache {
        auth_request off;
        set $memcached_key "isauth:page:$isauth_variant:$host$request_uri";
        memcached_pass isauth_page_cache;
        memcached_connect_timeout 100ms;
        memcached_send_timeout 300ms;
        memcached_read_timeout 300ms;
        memcached_next_upstream off;
        default_type text/html;
        charset utf-8;
        add_header X-Page-Cache "hit" always;
        add_header X-Cache-Variant $isauth_variant always;
        add_header Cache-Control "private, no-cache" always;
        add_header Vary "Cookie" always;
        error_page 404 502 504 = @isauth_php;
    }
    location @isauth_php {
        auth_request off;
        proxy_pass http://${appServer};
        proxy_set_header Host $host;
        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
        proxy_set_header X-Isauth-Page $host$request_uri;
        proxy_set_header X-Isauth-Variant $isauth_variant;
    }`
    : '    include isauth/isauth-named.conf;      # @isauth_cache, @isauth_php (php-fpm), @isauth_login';
  // WordPress also runs PHP scripts of its own (wp-login.php, wp-admin/…): always PHP, never cached.
  const wordpress = o.app.kind !== 'wordpress' ? '' : `
    index index.php;
    location ~ \\.php$ {
        try_files $uri =404;
${read('fastcgi-php.conf').split('\n').filter((l) => l !== '' && !l.startsWith('#')).map((l) => `        ${l.replace(/\s+#.*$/, '').replace('$document_root/index.php', '$document_root$fastcgi_script_name').replace('SCRIPT_NAME       /index.php', 'SCRIPT_NAME       $fastcgi_script_name').replace('DOCUMENT_URI      /index.php', 'DOCUMENT_URI      $fastcgi_script_name')}`).join('\n')}
    }
`;
  return `# Written by \`isauth init ${o.appDir}\` (${o.app.evidence.split(':')[0]}); run it again to regenerate.
# The snippets it includes are isauth's nginx/ files, copied to isauth/ next to this directory
# (docs/nginx.md). One isauth site per nginx: the upstream and map names below are fixed.

${upstream}
${http}
server {
    listen ${o.args.siteListen};
    server_name ${o.args.serverName};
    root ${documentRoot(o.app, o.appDir)};

    include isauth/isauth-auth.conf;       # /_isauth, /_isauth_required (internal)
${fallback}

${wordpress}
    # Pages: from memcached by variant; the application renders (and stores) the rest.
    location / {
        include isauth/isauth-cache.conf;
    }

    # Static files: from the document root, never through isauth or the application.
    location ~* \\.(?:css|js|mjs|map|png|jpe?g|gif|svg|ico|webp|avif|woff2?|ttf|txt|xml|pdf)$ {
        auth_request off;
        try_files $uri =404;
        expires 1h;
        access_log off;
    }
}
`;
}

export interface WriteSiteOptions extends SiteOptions {
  readonly ask: Asker;
  readonly say: (s: string) => void;
}

/**
 * Writes the snippets and the site file, then `nginx -t`: 'written' (accepted, or no nginx to ask),
 * 'declined' (the operator said no), 'refused' (nginx -t failed; the previous file is back).
 */
export async function writeNginxSite(o: WriteSiteOptions): Promise<'written' | 'declined' | 'refused'> {
  const dir = o.args.nginxDir;
  const file = join(dir, 'conf.d', `isauth-${o.site}.conf`);
  if (!(await o.ask.confirm(`Write the nginx include ${file} (and isauth's snippets in ${join(dir, 'isauth')}/)?`))) {
    o.say('nginx include not written');
    return 'declined';
  }
  mkdirSync(join(dir, 'isauth'), { recursive: true });
  for (const f of SNIPPETS) cpSync(join(SHIPPED_NGINX, f), join(dir, 'isauth', f));
  const before = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
  writeFileAtomically(file, renderSite(o), false, undefined);
  o.say(`wrote ${file} (server on ${o.args.siteListen}, root ${documentRoot(o.app, o.appDir)})`);
  const conflicts = readdirSync(join(dir, 'conf.d')).filter((f) => f.startsWith('isauth-') && f.endsWith('.conf') && join(dir, 'conf.d', f) !== file);
  if (conflicts.length > 0) o.say(`note: conf.d also holds ${conflicts.join(', ')}: nginx accepts one isauth site (the upstream names are shared)`);
  const main = join(dir, 'nginx.conf');
  const test = spawnSync('nginx', ['-t', '-c', main], { encoding: 'utf8' });
  if (test.error !== undefined) {
    o.say(`note: nginx not found, the configuration is not checked (nginx -t)`);
    return 'written';
  }
  if (test.status !== 0) {
    if (before === undefined) rmSync(file, { force: true });
    else writeFileAtomically(file, before, false, undefined);
    o.say(`nginx -t refused it, so ${file} is ${before === undefined ? 'removed' : 'put back as it was'}:\n${test.stderr.trim()}`);
    return 'refused';
  }
  for (const w of test.stderr.split('\n').filter((l) => /\[warn\]/.test(l))) o.say(`nginx -t: ${w.trim()}`);
  return 'written';
}
