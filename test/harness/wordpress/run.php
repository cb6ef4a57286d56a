<?php
/**
 * Runs PHP code with the REAL WordPress loaded, in a fresh process — the tests' way to ask
 * WordPress itself (wp_install, wp_create_user, wp_set_password, wp_validate_auth_cookie…).
 *
 *   WP_ROOT=/tmp/…/wordpress WP_CODE='return wp_validate_auth_cookie("", "logged_in");' php-cgi -q -f run.php
 *
 * Run under php-cgi, so PHP itself parses HTTP_COOKIE into $_COOKIE (first of two names, `.` and
 * ` ` in names mangled, raw URL decoding) exactly as it does behind nginx; php-cli works too for
 * code that needs no cookie. WP_INSTALLING=1 loads WordPress the way its installer does.
 * The code's return value is printed as JSON after everything WordPress printed is discarded
 * (WordPress prints HTML on database errors): {"ok": VALUE} or {"error": "…", "output": "…"}.
 */
$root = getenv('WP_ROOT');
$code = getenv('WP_CODE');
if ($root === false || $code === false) {
    fwrite(STDERR, "WP_ROOT and WP_CODE are required\n");
    exit(2);
}
$_SERVER['HTTP_HOST'] = getenv('WP_HTTP_HOST') ?: 'localhost';
$_SERVER['REQUEST_METHOD'] = getenv('WP_REQUEST_METHOD') ?: 'GET';
$_SERVER['REQUEST_URI'] = '/';
$_SERVER['SERVER_PROTOCOL'] = 'HTTP/1.1';
if (getenv('WP_INSTALLING') === '1') {
    define('WP_INSTALLING', true);
}
ob_start();
$done = false;
register_shutdown_function(function () use (&$done) {
    if ($done) return;
    $output = ob_get_clean();
    $err = error_get_last();
    echo json_encode(['error' => $err ? $err['message'] : 'exit before the end', 'output' => substr((string) $output, 0, 2000)]);
});
require $root . '/wp-load.php';
// No mail from the installer or from user changes (there is no MTA).
add_filter('pre_wp_mail', '__return_false');
$value = (function () use ($code) { return eval($code); })();
ob_end_clean();
$done = true;
echo json_encode(['ok' => $value], JSON_UNESCAPED_SLASHES);
