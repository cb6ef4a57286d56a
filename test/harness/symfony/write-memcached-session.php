<?php
// Symfony 5.4 (Debian's php-symfony-*, /usr/share/php/Symfony) stores a session in memcached the
// way a Symfony app configured with `framework.session.handler_id: 'memcached://…'` does:
// SessionHandlerFactory → MemcachedSessionHandler (key `sf2s<id>`) over the \Memcached client that
// symfony/cache's MemcachedAdapter::createConnection configures (php-memcached compresses values
// of 2,000 bytes or more with fastlz), under NativeSessionStorage + Session.
//
// One visitor's request: the session starts; with `bigPayload` the app keeps a cart large enough
// to be compressed; with `loggedIn` a user logs in — SessionAuthenticationStrategy (migrate)
// gives the session a new id, as every Symfony login does — and the firewall's ContextListener
// stores the token at the end of the request (`_security_main` = serialize(UsernamePasswordToken)).
// Without `loggedIn` the same listener runs with no token and stores none.
//
// With `logoutId`, a second request instead: the visitor of that session logs out — the firewall's
// SessionLogoutListener invalidates the session (destroyed, new id) and the ContextListener stores
// no token.
// stdin: JSON {servers: [{host, port}, …], loggedIn: bool, bigPayload: bool, firewall?: 'main', logoutId?: string}
// stdout: JSON {id, key, previousId}
require_once '/usr/share/php/Symfony/Component/HttpFoundation/autoload.php';
require_once '/usr/share/php/Symfony/Component/Cache/autoload.php';
require_once '/usr/share/php/Symfony/Component/Security/Http/autoload.php';

use Symfony\Component\HttpFoundation\Request;
use Symfony\Component\HttpFoundation\Response;
use Symfony\Component\HttpFoundation\Session\Session;
use Symfony\Component\HttpFoundation\Session\Storage\Handler\SessionHandlerFactory;
use Symfony\Component\HttpFoundation\Session\Storage\NativeSessionStorage;
use Symfony\Component\HttpKernel\Event\ResponseEvent;
use Symfony\Component\HttpKernel\HttpKernelInterface;
use Symfony\Component\Security\Core\Authentication\Token\Storage\TokenStorage;
use Symfony\Component\Security\Core\Authentication\Token\UsernamePasswordToken;
use Symfony\Component\Security\Core\User\InMemoryUser;
use Symfony\Component\Security\Core\User\InMemoryUserProvider;
use Symfony\Component\Security\Http\Event\LogoutEvent;
use Symfony\Component\Security\Http\EventListener\SessionLogoutListener;
use Symfony\Component\Security\Http\Firewall\ContextListener;
use Symfony\Component\Security\Http\Session\SessionAuthenticationStrategy;

$in = json_decode(stream_get_contents(STDIN), true, 16, JSON_THROW_ON_ERROR);
$firewall = $in['firewall'] ?? 'main';

$servers = $in['servers'];
$dsn = count($servers) === 1
    ? sprintf('memcached://%s:%d', $servers[0]['host'], $servers[0]['port'])
    : 'memcached:?' . implode('&', array_map(fn ($s) => sprintf('host[%s:%d]', $s['host'], $s['port']), $servers));
$handler = SessionHandlerFactory::createHandler($dsn);
$session = new Session(new NativeSessionStorage(['use_cookies' => 0, 'cache_limiter' => ''], $handler));

$request = Request::create('https://shop.example/account');
$request->setSession($session);
if (isset($in['logoutId'])) $session->setId($in['logoutId']);
$session->start();
$previousId = $session->getId();

$session->set('_locale', 'en');
if ($in['bigPayload']) {
    $items = [];
    for ($i = 1; $i <= 40; $i++) {
        $items[] = ['sku' => sprintf('SKU-%05d', $i * 37), 'title' => "Product number $i", 'qty' => $i % 4 + 1, 'price' => 1999 + $i];
    }
    $session->set('cart', ['items' => $items, 'currency' => 'EUR', 'coupon' => null]);
}

$tokenStorage = new TokenStorage();
$users = new InMemoryUserProvider(['alice' => ['password' => 'unused', 'roles' => ['ROLE_USER']]]);
if (isset($in['logoutId'])) {
    (new SessionLogoutListener())->onLogout(new LogoutEvent($request, null));
} elseif ($in['loggedIn']) {
    $user = $users->loadUserByIdentifier('alice');
    $token = new UsernamePasswordToken($user, $firewall, $user->getRoles());
    (new SessionAuthenticationStrategy(SessionAuthenticationStrategy::MIGRATE))->onAuthentication($request, $token);
    $tokenStorage->setToken($token);
}

// The end of the request: the firewall's context listener writes the token into the session.
$request->attributes->set('_security_firewall_run', '_security_' . $firewall);
$kernel = new class implements HttpKernelInterface {
    public function handle(Request $request, int $type = self::MAIN_REQUEST, bool $catch = true): Response { return new Response(); }
};
$listener = new ContextListener($tokenStorage, [$users], $firewall);
$listener->onKernelResponse(new ResponseEvent($kernel, $request, HttpKernelInterface::MAIN_REQUEST, new Response()));
$session->save();

$id = $session->getId();
echo json_encode(['id' => $id, 'key' => 'sf2s' . $id, 'previousId' => $previousId]);
