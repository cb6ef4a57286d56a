<?php
/**
 * Writes rendered pages where nginx (nginx/isauth-named.conf) looks for them:
 *     isauth:page:<variant>:<host + request URI, space, % and control bytes %-escaped>
 * nginx passes the unescaped page part as $_SERVER['ISAUTH_PAGE'] (nginx/fastcgi-php.conf).
 */
declare(strict_types=1);

const PAGE_KEY_PREFIX = 'isauth:page:';
const PAGE_TTL = 300; // seconds; content changes must delete or overwrite the keys

/** The page part of the key: what nginx builds from "$host$request_uri". */
function page_id(): string
{
    if (isset($_SERVER['ISAUTH_PAGE']) && $_SERVER['ISAUTH_PAGE'] !== '') {
        return $_SERVER['ISAUTH_PAGE'];
    }
    // Without nginx's param: $host is the lower-cased Host header without its port.
    $host = strtolower(preg_replace('/:\d+$/', '', $_SERVER['HTTP_HOST'] ?? ''));
    return $host . ($_SERVER['REQUEST_URI'] ?? '/');
}

/** The memcached key nginx reads for $variant, or null when it is over memcached's 250 bytes. */
function page_key(string $variant, ?string $pageId = null): ?string
{
    // nginx's memcached module escapes exactly these bytes, as %XX in upper-case hex.
    $escaped = preg_replace_callback(
        '/[\x00-\x20%]/',
        static fn (array $m): string => sprintf('%%%02X', ord($m[0])),
        $pageId ?? page_id()
    );
    $key = PAGE_KEY_PREFIX . $variant . ':' . $escaped;
    return strlen($key) <= 250 ? $key : null;
}

/** One connection to the page-cache memcached (ISAUTH_PAGE_CACHE = host:port, from the pool). */
function page_cache(): Memcached
{
    static $mc = null;
    if ($mc === null) {
        $mc = new Memcached();
        // nginx serves the stored bytes as they are: no compression, no serializer for strings.
        $mc->setOption(Memcached::OPT_COMPRESSION, false);
        $mc->setOption(Memcached::OPT_CONNECT_TIMEOUT, 200);
        // A hung page cache costs a page at most this (ms) per operation, not libmemcached's 5 s.
        $mc->setOption(Memcached::OPT_POLL_TIMEOUT, 300);
        $mc->setOption(Memcached::OPT_SEND_TIMEOUT, 300 * 1000);   // microseconds
        $mc->setOption(Memcached::OPT_RECV_TIMEOUT, 300 * 1000);
        [$host, $port] = explode(':', getenv('ISAUTH_PAGE_CACHE') ?: '127.0.0.1:11211') + [1 => '11211'];
        $mc->addServer($host, (int) $port);
    }
    return $mc;
}

/** Store $html as the $variant of the current page. False when not stored (too long, error). */
function page_store(string $variant, string $html): bool
{
    $key = page_key($variant);
    return $key !== null && page_cache()->set($key, $html, PAGE_TTL);
}

/** Count PHP requests (the e2e tests read demo:php-requests to prove a page came from cache). */
function count_php_request(): void
{
    $mc = page_cache();
    if ($mc->increment('demo:php-requests') === false) {
        $mc->add('demo:php-requests', '1') || $mc->increment('demo:php-requests');
    }
}
