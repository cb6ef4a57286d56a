<?php
/**
 * Front controller of the isauth demo (nginx sends every PHP request here: fastcgi-php.conf).
 * Logged in = $_SESSION['user'] is truthy — the rule isauth runs with `--auth user`.
 */
declare(strict_types=1);

require __DIR__ . '/../src/page-cache.php';
require __DIR__ . '/../src/views.php';

count_php_request();
header('X-Rendered-By: php');
header('Cache-Control: private, no-cache');
header('Vary: Cookie');

/** Read the session without keeping it locked, and without creating one for visitors. */
function current_user(): ?string
{
    if (!isset($_COOKIE[session_name()])) {
        return null;
    }
    session_start(['read_and_close' => true]);
    return empty($_SESSION['user']) ? null : (string) $_SESSION['user'];
}

/** A local path to return to after login: protect mode sends /login?next=<raw request URI>. */
function safe_next(string $next): string
{
    if ($next !== '' && $next[0] !== '/') {
        $next = rawurldecode($next);            // also accept an encoded next=%2Fmembers%2F
    }
    return preg_match('#^/(?![/\\\\])[^\x00-\x20]*$#', $next) === 1 ? $next : '/';
}

function redirect(string $to): never
{
    header('Location: ' . $to, true, 303);
    exit;
}

$method = $_SERVER['REQUEST_METHOD'] ?? 'GET';
$path = parse_url($_SERVER['REQUEST_URI'] ?? '/', PHP_URL_PATH) ?: '/';
$query = $_SERVER['QUERY_STRING'] ?? '';

if ($path === '/login') {
    if ($method === 'POST') {
        $user = trim((string) ($_POST['user'] ?? ''));
        if ($user !== '' && ($_POST['password'] ?? '') === 'demo') {
            session_start();
            session_regenerate_id(true);        // new id on login (session fixation)
            $_SESSION['user'] = $user;
            session_write_close();
            redirect(safe_next((string) ($_POST['next'] ?? '/')));
        }
        http_response_code(403);
        echo login_page(safe_next((string) ($_POST['next'] ?? '/')), 'Wrong name or password.');
        exit;
    }
    header('Cache-Control: no-store');
    $next = str_starts_with($query, 'next=') ? substr($query, 5) : '/';  // raw: may hold ? and &
    echo login_page(safe_next($next), '');
    exit;
}

if ($path === '/logout') {
    if (isset($_COOKIE[session_name()])) {
        session_start();
        $_SESSION = [];
        session_destroy();
        $p = session_get_cookie_params();
        setcookie(session_name(), '', ['expires' => 1, 'path' => $p['path'], 'httponly' => true, 'samesite' => 'Lax']);
    }
    redirect('/');
}

$user = current_user();
$variant = $user === null ? 'anon' : 'auth';

if (str_starts_with($path, '/members/')) {
    // nginx's protect mode is a fast path; the app still checks (isauth may have been down).
    if ($user === null) {
        header('Cache-Control: no-store');
        header('Location: /login?next=' . ($_SERVER['REQUEST_URI'] ?? '/'), true, 302);
        exit;
    }
    echo members_page($user);
    exit;
}

$html = match (true) {
    $path === '/' => home_page($variant),
    (bool) preg_match('#^/article/([a-z0-9-]+)$#', $path, $m) => article_page($m[1], $variant),
    default => null,
};
if ($html === null) {
    http_response_code(404);
    echo layout('Not found', '<p>No such page.</p>', $variant);
    exit;
}
if ($method === 'GET' || $method === 'HEAD') {
    // Store the variant this visitor sees; nginx serves it to everyone in the same variant.
    header('X-Page-Stored: ' . (page_store($variant, $html) ? 'yes' : 'no'));
}
echo $html;
