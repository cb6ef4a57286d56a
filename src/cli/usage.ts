/**
 * THE help text: `isauth help`, `isauth --help`, `isauth -h`, `isauth serve --help` and usage
 * errors all print this one text. Every option with its env var and default is
 * `isauth help options` (renderHelp(), from the schema) and docs/configuration.md.
 */
export const USAGE = `isauth tells nginx (auth_request) whether the visitor's session is logged in.

usage: isauth init [APP_DIR] [--print-config]
                         configure isauth from the application itself (Laravel, Symfony,
                         Django, WordPress, plain PHP): config file, nginx include, live check
       isauth [serve] [options]
                         run the service (the default subcommand)
       isauth check SID [options] [--show-session] [--json]
                         the decision for one session and why (exit 0 logged in, 1 not,
                         2 unknown); prints the store it read and where the config came from
       isauth decode [--serializer NAME] [FILE|-]
                         print a stored PHP session as JSON
       isauth --check-config [options] [--probe]
                         validate the options and say where each came from; --probe reads
                         the store once
       isauth help [options] | --version

Options (each is also an ISAUTH_<NAME> env var and a key of the JSON file --config reads):
  --config FILE          read options from this JSON file (isauth init writes one)
  --framework NAME       plain (default), symfony, laravel, django, wordpress
  --store URL            where sessions are: files:/var/lib/php/sessions (default),
                         memcached://h:p, redis://h:p, mysql://…, postgres://…, cookie:
  --php-ini FILE         take --store, --serializer, --cookie, --max-age from PHP's settings
  --auth EXPR            the logged-in rule (default @default); docs/rules.md
  --listen ADDR          127.0.0.1:9180 (default) or unix:/path.sock

Every option: isauth help options, or docs/configuration.md.`;
