<?php
/** HTML of the demo pages. Cached variants must not contain anything per-user. */
declare(strict_types=1);

const ARTICLES = [
    'hello' => ['Hello, isauth', 'nginx asks isauth whether you are logged in, then serves the right variant.'],
    'variants' => ['Two variants', 'Every page exists twice in memcached: for visitors and for members.'],
];

function h(string $s): string
{
    return htmlspecialchars($s, ENT_QUOTES | ENT_SUBSTITUTE, 'UTF-8');
}

/** Page frame. $variant 'auth' shows the member bar, 'anon' the login link. */
function layout(string $title, string $body, string $variant): string
{
    $bar = $variant === 'auth'
        ? '<p class="who">Signed in (member view). <a href="/members/">Your account</a> '
          . '<form method="post" action="/logout" style="display:inline"><button>Log out</button></form></p>'
        : '<p class="who">Not signed in (visitor view). <a href="/login">Log in</a></p>';
    $marker = sprintf('<!-- rendered-by: php render-id=%s at %s -->', bin2hex(random_bytes(6)), gmdate('c'));
    return "<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>" . h($title) . "</title></head>\n"
        . "<body data-variant=\"$variant\">\n$bar\n<h1>" . h($title) . "</h1>\n$body\n$marker\n</body></html>\n";
}

function home_page(string $variant): string
{
    $links = '';
    foreach (ARTICLES as $slug => [$title]) {
        $links .= '<li><a href="/article/' . h($slug) . '">' . h($title) . '</a></li>';
    }
    $extra = $variant === 'auth' ? '<p>Members: welcome back!</p>' : '<p>Log in to see the member pages.</p>';
    return layout('isauth demo', "$extra\n<ul>$links</ul>", $variant);
}

function article_page(string $slug, string $variant): ?string
{
    if (!isset(ARTICLES[$slug])) {
        return null;
    }
    [$title, $text] = ARTICLES[$slug];
    $more = $variant === 'auth' ? '<p>Member comments are open.</p>' : '<p>Log in to comment.</p>';
    return layout($title, '<p>' . h($text) . "</p>\n$more", $variant);
}

function login_page(string $next, string $error): string
{
    $err = $error === '' ? '' : '<p class="error">' . h($error) . '</p>';
    $form = "$err<form method=\"post\" action=\"/login\">"
        . '<input type="hidden" name="next" value="' . h($next) . '">'
        . '<label>Name <input name="user" required></label> '
        . '<label>Password <input name="password" type="password" required></label> '
        . '<button>Log in</button></form><p>Any name; the password is <code>demo</code>.</p>';
    return layout('Log in', $form, 'anon');
}

function members_page(string $user): string
{
    return layout('Your account', '<p>Signed in as <strong class="user">' . h($user) . '</strong>.</p>', 'auth');
}
