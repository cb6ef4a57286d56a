#!/usr/bin/env bash
# Installs every program the test suite (and the benchmarks) need, on Debian/Ubuntu, with apt-get.
# Safe to run again. Needs root (or sudo).
set -euo pipefail
SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
PACKAGES=(
  php-cli php-igbinary          # decoder fidelity: real PHP writes and decodes sessions
  php-memcached php-redis       # PHP's memcached and redis session handlers
  php-memcache                  # pecl memcache: its client and session handler write values the codecs read
  php-symfony-http-foundation php-symfony-cache php-symfony-security-http  # Symfony's MemcachedSessionHandler and a real login
  php-symfony-framework-bundle php-symfony-security-bundle php-symfony-yaml php-symfony-dotenv  # a whole Symfony app (isauth init: bin/console debug:config)
  php-laravel-framework         # Laravel's EncryptCookies/StartSession/SessionGuard write the sessions
  python3-django python3-pymemcache python3-redis python3-django-redis  # Django writes its sessions
  memcached redis-server        # the session stores
  bindfs fuse3                  # a FUSE mount to hang (SIGSTOP) for the hung-filesystem tests
  e2fsprogs mount               # a loop-mounted ext4 with whole-second timestamps (the decision cache's granularity test; root)
  mariadb-server postgresql php-mysql php-pgsql python3-psycopg2 python3-mysqldb  # SQL session stores, written by PDO/Symfony/Laravel/Django
  php-fpm nginx                 # end-to-end tests and benchmarks
  systemd                       # systemd-analyze verify checks the shipped unit
  prometheus                    # promtool and a real Prometheus load deploy/monitoring/ (the service is not used)
  libnginx-mod-http-lua         # the `lua` benchmark setup
  wordpress wordpress-theme-twentytwentyone php-cgi  # --framework wordpress: the real WordPress decides (php-cgi parses the Cookie header as PHP does)
  chromium                      # the WordPress e2e suite's real browser (headless)
)
missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-test-deps: everything is installed"
  exit 0
fi
echo "install-test-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
# The packages' own services are not used by the tests (they start their own on free ports).
