/** Help text, the Markdown reference and the `--check-config` summary, all from the schema. */
import { shownStore } from '../options/store.js';
import { FILE_META, META, OPTION_LIST, SECRET_FILES, type Config, type OptionDef, type SecretFileDef } from '../options/schema.js';
import { PHP_INI_DOC } from './php-ini-doc.js';
import type { ListenAddress } from '../options/values.js';
import { addressText } from '../listen/index.js';

type Listed = (typeof OPTION_LIST)[number];

function synopsis(o: Listed): string {
  return o.kind === 'bool' ? `${o.flag}, --no-${o.flag.slice(2)}` : `${o.flag} ${o.metavar}`;
}

function defaultText(o: OptionDef): string {
  if (o.kind === 'bool') return String(o.default);
  if (o.kind === 'list') return o.default.length > 0 ? o.default.join(', ') : o.emptyMeans.replace(/`/g, '');
  return o.default === '' ? '""' : o.default;
}

function wrap(text: string, width: number, indent: string): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines.map((l) => indent + l.replace(/\u00a0/g, ' ')).join('\n');
}

/** `isauth help options`: every option with its env var and default (the short text is src/cli/usage.ts). */
export function renderHelp(): string {
  const pad = 30;
  const entry = (left: string, help: string): string => {
    const body = wrap(help.replace(/`/g, ''), 100 - pad, ' '.repeat(pad)).trimStart();
    return left.length + 2 < pad ? `  ${left.padEnd(pad - 2)}${body}` : `  ${left}\n${' '.repeat(pad)}${body}`;
  };
  const out = [
    'isauth options (isauth serve, isauth check, isauth --check-config)',
    '',
    'Each option can also be set with the env var shown, or with its key in a JSON --config file;',
    'flags override env vars, which override the file. Repeatable options: repeat the flag; in an env',
    'var put one item per line or a JSON array. Reference: docs/configuration.md, docs/rules.md.',
    '',
    'Options:',
  ];
  for (const o of OPTION_LIST) {
    const more = `[default:\u00a0${defaultText(o).replace(/ /g, '\u00a0')}] [env:\u00a0${o.env}]${o.kind === 'list' ? ' [repeatable]' : ''}`;
    out.push(entry(synopsis(o), `${o.help} ${more}`));
    const file = SECRET_FILES.find((f) => f.of === o.key);
    if (file !== undefined) out.push(entry(`${file.flag} FILE`, `${secretFileHelp(file)} [env:\u00a0${file.env}]`));
  }
  out.push('', 'Other:');
  for (const m of FILE_META) out.push(entry(`${META[m].flag} ${META[m].metavar}`, `${META[m].help} [env:\u00a0${META[m].env}]`));
  out.push(entry(META.checkConfig.flag, META.checkConfig.help));
  out.push(entry(META.probe.flag, META.probe.help));
  out.push(entry(`${META.help.short}, ${META.help.flag}`, META.help.help));
  out.push(entry(`${META.version.short}, ${META.version.flag}`, META.version.help));
  return `${out.join('\n')}\n`;
}

const cell = (s: string): string => s.replace(/\|/g, '\\|');

/** The help of `--app-key-file` and the like, from the option it reads. */
function secretFileHelp(f: SecretFileDef): string {
  const of = OPTION_LIST.find((o) => o.key === f.of);
  const lines = of?.kind === 'list' ? 'one item per line' : 'its one line';
  return `Read \`${of?.flag ?? f.of}\` from FILE (${lines}; a trailing newline is dropped): a Docker or Kubernetes secret, a systemd credential (\`LoadCredential=\`, \`$CREDENTIALS_DIRECTORY\`), a file only isauth's user can read. An absolute path; giving both forms in one place is an error.`;
}

/** docs/configuration.md, entirely; a unit test keeps the file equal to this output. */
export function renderConfigMarkdown(): string {
  const rows = OPTION_LIST.flatMap((o) => {
    const file = SECRET_FILES.find((f) => f.of === o.key);
    return [
      `| \`${synopsis(o)}\` | \`${o.env}\` | \`${o.key}\` | ${cell(o.kind === 'list' && o.default.length === 0 ? o.emptyMeans : `\`${defaultText(o)}\``)} |`,
      ...(file === undefined ? [] : [`| \`${file.flag} FILE\` | \`${file.env}\` | \`${file.key}\` | (none) |`]),
    ];
  });
  const sections = OPTION_LIST.map((o) => {
    const kind = o.kind === 'bool' ? 'switch' : o.kind === 'list' ? 'repeatable' : 'one value';
    const file = SECRET_FILES.find((f) => f.of === o.key);
    const fromFile = file === undefined ? [] : ['', `From a file: \`${file.flag} FILE\` · env \`${file.env}\` · file key \`${file.key}\`. ${secretFileHelp(file)}`];
    return [`### \`${synopsis(o)}\``, '', o.help, '', `Env \`${o.env}\` · file key \`${o.key}\` · ${kind} · default ${o.kind === 'list' && o.default.length === 0 ? o.emptyMeans : `\`${defaultText(o)}\``}`, ...fromFile].join('\n');
  });
  return `<!-- Generated from src/options/schema.ts by renderConfigMarkdown(); do not edit by hand.
     After changing the schema: UPDATE_DOCS=1 npx vitest run test/unit/config -->
# Configuration

\`isauth serve\` takes its options from six places; for each option the first that sets it wins:

1. command-line flags (\`--timeout 50\`, \`--timeout=50\`);
2. environment variables \`ISAUTH_<NAME>\` (\`ISAUTH_TIMEOUT=50\`);
3. the JSON config file named by \`--config FILE\` or \`ISAUTH_CONFIG\` (\`isauth init\` writes one);
4. the application's own files: PHP's settings (\`--php-ini\`, \`--php-fpm-pool\`) or WordPress's
   wp-config.php (\`--wp-config\`), read statically;
5. the \`--framework\` profile's defaults (its cookie name, rules, lifetime…);
6. the defaults below.

A repeatable option (\`--auth\`, \`--variant\`) is taken whole from the first source that sets it;
sources are not merged. On the command line repeat the flag; a one-value flag given twice keeps
the last.

**Switches**: \`--metrics\`, \`--no-metrics\`, \`--metrics=false\`; in env vars and the file
\`true\`/\`false\` (env vars also accept \`1\`/\`0\`).

**Repeatable options in env vars**: one item per line, or — handy for systemd and docker — a
JSON array when the value starts with \`[\`:
\`ISAUTH_AUTH='["@laravel","user|id!=null"]'\`. Commas never separate items, because rule values
may contain them. Blank lines are skipped, surrounding spaces trimmed.

**Config file**: one JSON object whose keys are the "file key" column:

\`\`\`json
{
  "listen": "unix:/run/isauth/isauth.sock",
  "store": "redis://127.0.0.1:6379/0",
  "serializer": "php_serialize",
  "auth": ["@laravel"],
  "variants": ["admin=user|role=admin"],
  "timeout": 50
}
\`\`\`

Strings for one-value options (integers may be JSON numbers), \`true\`/\`false\` for switches,
arrays of strings for repeatable options. An optional \`"$origins"\` object maps file keys to one
line of text saying where the value came from; \`--check-config\` shows it after the file's name.
\`isauth init\` writes it ([init.md](init.md)): \`"$origins": {"cookie": "Laravel config('session.cookie')"}\`.

**Secrets from files**: every secret option (\`--app-key\`, \`--secret-key\`, \`--wp-logged-in-key\`,
\`--wp-logged-in-salt\`, \`--store-password\`, \`--inspect-token\`) has a \`-file\` form that reads the
value from a file, as Docker and Kubernetes secrets and systemd credentials hand them over:
\`--app-key-file /run/secrets/app_key\`, \`ISAUTH_APP_KEY_FILE\`, file key \`"appKeyFile"\`. The file
counts as the place that named it (a flag, an env var, the config file), so precedence is unchanged;
\`--check-config\` shows the file's path, never its text. \`--store-password\` joins a password to
the \`--store\` URL's account (Redis, MySQL/MariaDB, PostgreSQL), so the URL itself holds none.

**Problems stop startup**: unknown flags, unknown \`ISAUTH_*\` environment variables, unknown
file keys, wrong types and bad values are all reported together, one line each naming the flag
(and the env var or file key it came from), and isauth exits with status 78. \`--check-config\`
validates, prints a summary and exits 0. \`--help\` and \`--version\` ignore everything else.

## Options

| Flag | Env var | File key | Default |
|---|---|---|---|
${rows.join('\n')}

${sections.join('\n\n')}

## Other flags

${FILE_META.map((m) => `- \`${META[m].flag} ${META[m].metavar}\` (env \`${META[m].env}\`${m === 'config' ? '' : `, file key \`${m}\``}): ${META[m].help}`).join('\n')}
- \`${META.checkConfig.flag}\`: ${META.checkConfig.help}
- \`${META.probe.flag}\`: ${META.probe.help}
- \`${META.help.short}\`, \`${META.help.flag}\`: ${META.help.help}
- \`${META.version.short}\`, \`${META.version.flag}\`: ${META.version.help}

${PHP_INI_DOC}`;
}

const listenText = (l: ListenAddress): string => addressText(l);

/** `--check-config` output: one `flag value` line per option, passwords in store URLs masked. */
/** One line per option: its value, and with `origins` where it came from. */
export function summarizeConfig(config: Config, origins?: Readonly<Record<string, string>>): string[] {
  return OPTION_LIST.map((o) => {
    const v = config[o.key];
    let text: string;
    if (o.key === 'listen') text = listenText(config.listen);
    else if (o.key === 'store') text = shownStore(config.store);
    else if (o.secret && v === '@option') text = '@option (read from the database)'; // WordPress's salts: a place, not a secret
    else if (o.secret) text = (Array.isArray(v) ? v.length === 0 : v === '') ? '(off)' : `(set${Array.isArray(v) ? `, ${v.length}` : ''}, not shown)`;
    else if (o.key === 'textListen') text = config.textListen === null ? '(off)' : listenText(config.textListen);
    else if (o.key === 'metricsListen') text = config.metricsListen === null ? '(on --listen)' : listenText(config.metricsListen);
    else if (o.key === 'socketMode') text = `0${config.socketMode.toString(8)}`;
    else if (o.kind === 'list') {
      const items = v as readonly string[];
      text = items.length > 0 ? items.map((x) => JSON.stringify(x)).join(' ') : `(none given: ${o.emptyMeans.replace(/`/g, '')})`;
    }
    else text = String(v);
    return `${o.flag} ${text}${origins?.[o.key] !== undefined ? `   ← ${origins[o.key]}` : ''}`;
  });
}
