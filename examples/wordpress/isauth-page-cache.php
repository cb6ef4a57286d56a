<?php
/**
 * Plugin Name: isauth page cache
 * Description: Stores rendered pages in memcached where nginx serves them from (isauth's nginx/wordpress-*.conf), and purges a post's pages when it changes.
 * Version: 1.0
 * License: MIT
 *
 * A MUST-USE plugin: copy this file to wp-content/mu-plugins/ (Debian:
 * /var/lib/wordpress/wp-content/mu-plugins/). Needs PHP's memcached extension (php-memcached).
 *
 * - Stores each cacheable page under the key nginx reads:
 *       isauth:page:<variant>:<$host$request_uri, with space, % and control bytes %-escaped>
 * - The variant is WordPress's own decision — is_user_logged_in() and the user's roles — never a
 *   request header: `anon` for visitors; for a logged-in user, the first of ISAUTH_ROLE_VARIANTS
 *   whose role the user has, else nothing is stored (logged-in pages come from PHP).
 * - Pages live ISAUTH_PAGE_TTL seconds; saving, deleting or commenting on a post deletes the
 *   post's URL and the home page, for every variant.
 *
 * Settings (wp-config.php, all optional):
 *   define('ISAUTH_MEMCACHED', '127.0.0.1:11211');       // the page memcached (nginx's isauth_page_cache)
 *   define('ISAUTH_PAGE_TTL', 300);                      // seconds
 *   define('ISAUTH_ROLE_VARIANTS', 'admin=administrator'); // opt-in per-role caches, in isauth's --variant order
 */

defined('ABSPATH') || exit;

const ISAUTH_PAGE_PREFIX = 'isauth:page:';

/** variant => role, in order (ISAUTH_ROLE_VARIANTS: `variant=role,variant=role`). */
function isauth_role_variants(): array
{
    $out = [];
    $spec = defined('ISAUTH_ROLE_VARIANTS') ? (string) ISAUTH_ROLE_VARIANTS : '';
    foreach (array_filter(array_map('trim', explode(',', $spec))) as $pair) {
        [$variant, $role] = array_map('trim', explode('=', $pair, 2)) + [1 => ''];
        if (preg_match('/^[A-Za-z0-9_-]{1,64}$/', $variant) && !in_array($variant, ['anon', 'auth', 'bypass'], true) && $role !== '') {
            $out[$variant] = $role;
        }
    }
    return $out;
}

/** The variant this visitor's pages are stored under, or null: not stored. WordPress decides, not a header. */
function isauth_page_variant(): ?string
{
    if (!is_user_logged_in()) {
        return 'anon';
    }
    $roles = (array) wp_get_current_user()->roles;
    foreach (isauth_role_variants() as $variant => $role) {
        if (in_array($role, $roles, true)) {
            return $variant;
        }
    }
    return null;
}

/** One connection to the page memcached per request. */
function isauth_page_cache(): ?Memcached
{
    static $mc = null;
    if ($mc === null && class_exists('Memcached')) {
        $mc = new Memcached();
        // nginx serves the stored bytes as they are: no compression, strings stored raw.
        $mc->setOption(Memcached::OPT_COMPRESSION, false);
        $mc->setOption(Memcached::OPT_CONNECT_TIMEOUT, 200);
        $mc->setOption(Memcached::OPT_POLL_TIMEOUT, 300); // a hung memcached costs a page 300 ms, not 5 s
        [$host, $port] = explode(':', defined('ISAUTH_MEMCACHED') ? (string) ISAUTH_MEMCACHED : '127.0.0.1:11211') + [1 => '11211'];
        $mc->addServer($host, (int) $port);
    }
    return $mc;
}

/** The key of a page ($host . $request_uri as nginx sees them) for a variant; null past memcached's 250 bytes. */
function isauth_page_key(string $variant, string $page): ?string
{
    $escaped = preg_replace_callback('/[\x00-\x20%]/', static fn (array $m): string => sprintf('%%%02X', ord($m[0])), $page);
    $key = ISAUTH_PAGE_PREFIX . $variant . ':' . $escaped;
    return strlen($key) <= 250 ? $key : null;
}

/** This request's page part: nginx passes "$host$request_uri" as ISAUTH_PAGE (nginx/fastcgi-php.conf). */
function isauth_current_page(): string
{
    if (!empty($_SERVER['ISAUTH_PAGE'])) {
        return (string) $_SERVER['ISAUTH_PAGE'];
    }
    $host = strtolower(preg_replace('/:\d+$/', '', (string) ($_SERVER['HTTP_HOST'] ?? '')));
    return $host . ($_SERVER['REQUEST_URI'] ?? '/');
}

/** Whether the page being sent may be stored (a complete, public, 200 HTML page for a known variant). */
function isauth_page_cacheable(string $html): bool
{
    if (($_SERVER['REQUEST_METHOD'] ?? '') !== 'GET' || http_response_code() !== 200 || defined('DONOTCACHEPAGE')) {
        return false;
    }
    if (is_admin() || is_preview() || is_feed() || is_robots() || is_trackback() || is_customize_preview() || post_password_required()) {
        return false;
    }
    // A page rendered for a commenter (name pre-filled) or a protected post's reader is theirs alone.
    foreach (array_keys($_COOKIE) as $name) {
        if (strpos($name, 'comment_author_') === 0 || strpos($name, 'wp-postpass_') === 0) {
            return false;
        }
    }
    foreach (headers_list() as $h) {
        if (stripos($h, 'set-cookie:') === 0) {
            return false; // a response that sets a cookie is personal
        }
        if (stripos($h, 'content-type:') === 0 && stripos($h, 'text/html') === false) {
            return false; // nginx serves cached pages as text/html
        }
    }
    return stripos($html, '</html>') !== false;
}

add_action('template_redirect', static function (): void {
    $variant = isauth_page_variant();
    if ($variant === null) {
        return; // logged in without an opted-in variant: PHP renders every page
    }
    ob_start(static function (string $html) use ($variant): string {
        if (isauth_page_cacheable($html)) {
            $key = isauth_page_key($variant, isauth_current_page());
            $mc = isauth_page_cache();
            if ($key !== null && $mc !== null) {
                $ttl = defined('ISAUTH_PAGE_TTL') ? (int) ISAUTH_PAGE_TTL : 300;
                $mc->set($key, $html, max(1, $ttl));
            }
        }
        return $html;
    });
}, PHP_INT_MAX);

/** Delete the pages of these URLs for every variant. */
function isauth_purge_urls(array $urls): void
{
    $mc = isauth_page_cache();
    if ($mc === null) {
        return;
    }
    $variants = array_merge(['anon'], array_keys(isauth_role_variants()));
    foreach (array_unique(array_filter($urls)) as $url) {
        $parts = wp_parse_url($url);
        if (empty($parts['host'])) {
            continue;
        }
        $page = strtolower($parts['host']) . ($parts['path'] ?? '/') . (isset($parts['query']) ? '?' . $parts['query'] : '');
        foreach ($variants as $variant) {
            $key = isauth_page_key($variant, $page);
            if ($key !== null) {
                $mc->delete($key);
            }
        }
    }
}

/**
 * A post's URL and the home page (where new and changed posts are listed) — for a post visitors
 * can see: published, of a public type (not the auto-drafts the dashboard makes, not revisions).
 */
function isauth_purge_post($post): void
{
    $post = $post instanceof WP_Post ? $post : get_post($post);
    if (!$post || !is_post_type_viewable($post->post_type) || !is_post_status_viewable($post->post_status)) {
        return;
    }
    isauth_purge_urls([get_permalink($post), home_url('/')]);
}

add_action('post_updated', static function (int $id, WP_Post $after, WP_Post $before): void {
    isauth_purge_post($before); // the old URL, when the slug or the status changed
    isauth_purge_post($after);
}, 10, 3);
add_action('wp_insert_post', static function (int $id, WP_Post $post, bool $update): void {
    if (!$update) {
        isauth_purge_post($post);
    }
}, 10, 3);
add_action('before_delete_post', 'isauth_purge_post');
add_action('wp_trash_post', 'isauth_purge_post');
add_action('comment_post', static function (int $id): void {
    isauth_purge_post(get_comment($id)->comment_post_ID ?? 0);
});
add_action('wp_set_comment_status', static function (int $id): void {
    isauth_purge_post(get_comment($id)->comment_post_ID ?? 0);
});
add_action('edit_comment', static function (int $id): void {
    isauth_purge_post(get_comment($id)->comment_post_ID ?? 0);
});
