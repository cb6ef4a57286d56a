<?php
// A minimal Laravel 8 "app" built from Debian's php-laravel-framework (/usr/share/php/Illuminate):
// the container with the config, events, files, encryption, cookie, session, cache, redis and auth service
// providers — no skeleton, no database — runs ONE request through the real middleware
// EncryptCookies → AddQueuedCookiesToResponse → StartSession, whose handler does what the
// options ask with a real SessionGuard (a GenericUser from a closure-defined user provider), and
// prints JSON about the response and the stored session.
//
// stdin: JSON {driver: file|memcached|redis|database, sql?: {driver, host, port, database, username}, appKey, appName?, cipher?, encrypt?, filesDir?,
//   memcached?: {host, port}, redis?: {host, port}, action: visit|login|logout,
//   cookie?: the session cookie's value as a browser sends it (URL-encoded), userId?}
// stdout: JSON {cookieName, cookieValue (as in Set-Cookie, URL-encoded), setCookie (the header),
//   sessionId, storeKey (file path, memcached key, or full Redis key), driver, loginKey, loggedIn}
require '/usr/share/php/Illuminate/autoload.php';

use Illuminate\Auth\AuthServiceProvider;
use Illuminate\Auth\GenericUser;
use Illuminate\Cache\CacheServiceProvider;
use Illuminate\Config\Repository;
use Illuminate\Container\Container;
use Illuminate\Contracts\Auth\Authenticatable;
use Illuminate\Contracts\Auth\UserProvider;
use Illuminate\Cookie\CookieServiceProvider;
use Illuminate\Cookie\Middleware\AddQueuedCookiesToResponse;
use Illuminate\Cookie\Middleware\EncryptCookies;
use Illuminate\Encryption\EncryptionServiceProvider;
use Illuminate\Events\EventServiceProvider;
use Illuminate\Filesystem\FilesystemServiceProvider;
use Illuminate\Http\Request;
use Illuminate\Http\Response;
use Illuminate\Pipeline\Pipeline;
use Illuminate\Redis\RedisServiceProvider;
use Illuminate\Session\Middleware\StartSession;
use Illuminate\Session\SessionServiceProvider;
use Illuminate\Support\Str;

/** Users from an array: enough for SessionGuard::login and for reading the user back. */
final class ArrayUserProvider implements UserProvider
{
    public function __construct(private array $users) {}
    public function retrieveById($identifier) { return isset($this->users[$identifier]) ? new GenericUser($this->users[$identifier]) : null; }
    public function retrieveByToken($identifier, $token) { return null; }
    public function updateRememberToken(Authenticatable $user, $token) {}
    public function retrieveByCredentials(array $credentials) { return null; }
    public function validateCredentials(Authenticatable $user, array $credentials) { return false; }
}

$in = json_decode(stream_get_contents(STDIN), true, 16, JSON_THROW_ON_ERROR);
$appName = $in['appName'] ?? 'laravel';
$slug = Str::slug($appName, '_'); // what the skeleton's config files do with APP_NAME
$driver = $in['driver'];
$userId = $in['userId'] ?? 42;

$app = new Container();
Container::setInstance($app);
$app->instance('app', $app);
$app->instance('config', new Repository([
    'app' => ['key' => $in['appKey'], 'cipher' => $in['cipher'] ?? 'AES-256-CBC'],
    'session' => [
        'driver' => $driver, 'lifetime' => 120, 'expire_on_close' => false, 'encrypt' => (bool) ($in['encrypt'] ?? false),
        'files' => $in['filesDir'] ?? sys_get_temp_dir(), 'connection' => $driver === 'database' ? 'sql' : null, 'table' => 'sessions', 'store' => null, 'lottery' => [0, 100],
        'cookie' => $slug . '_session', 'path' => '/', 'domain' => null, 'secure' => false, 'http_only' => true,
        'same_site' => 'lax',
    ],
    'cache' => [
        'default' => in_array($driver, ['file', 'database'], true) ? 'array' : $driver,
        'stores' => [
            'array' => ['driver' => 'array'],
            // The skeleton's config/cache.php: every server with weight 100, no options.
            'memcached' => ['driver' => 'memcached', 'persistent_id' => null, 'sasl' => [], 'options' => [], 'servers' => array_map(
                fn ($s) => ['host' => $s['host'] ?? '127.0.0.1', 'port' => $s['port'] ?? 11211, 'weight' => 100],
                $in['memcachedServers'] ?? [$in['memcached'] ?? []],
            )],
            'redis' => ['driver' => 'redis', 'connection' => 'cache'],
        ],
        'prefix' => $slug . '_cache',
    ],
    // database driver: stdin's `sql` is the connection (driver mysql|pgsql, host, port, database, username).
    'database' => ['default' => 'sql', 'connections' => ['sql' => $in['sql'] ?? []], 'redis' => [
        'client' => 'phpredis',
        'options' => ['cluster' => 'redis', 'prefix' => $slug . '_database_'],
        'default' => ['host' => $in['redis']['host'] ?? '127.0.0.1', 'port' => $in['redis']['port'] ?? 6379, 'database' => 0],
        'cache' => ['host' => $in['redis']['host'] ?? '127.0.0.1', 'port' => $in['redis']['port'] ?? 6379, 'database' => 1],
    ]],
    'auth' => [
        'defaults' => ['guard' => 'web'],
        'guards' => ['web' => ['driver' => 'session', 'provider' => 'users']],
        'providers' => ['users' => ['driver' => 'array']],
    ],
]));

$providers = [EventServiceProvider::class, FilesystemServiceProvider::class, EncryptionServiceProvider::class, CookieServiceProvider::class,
    SessionServiceProvider::class, CacheServiceProvider::class, RedisServiceProvider::class, AuthServiceProvider::class];
if ($driver === 'database') $providers[] = \Illuminate\Database\DatabaseServiceProvider::class;
foreach ($providers as $p) (new $p($app))->register();
// DatabaseSessionHandler fills user_id from the Guard contract (an alias a full Application registers).
$app->bind(\Illuminate\Contracts\Auth\Guard::class, fn () => $app['auth']->guard());

$app['auth']->provider('array', fn () => new ArrayUserProvider([
    $userId => ['id' => $userId, 'name' => 'Test User', 'password' => '', 'remember_token' => null],
]));

$cookieName = $app['config']['session.cookie'];
$cookies = isset($in['cookie']) ? [$cookieName => urldecode($in['cookie'])] : [];
$request = Request::create('/', 'GET', [], $cookies);
$app->instance('request', $request);

$oldId = null;
$response = (new Pipeline($app))
    ->send($request)
    ->through([
        new EncryptCookies($app['encrypter']),
        new AddQueuedCookiesToResponse($app['cookie']),
        new StartSession($app['session'], fn () => $app['cache']),
    ])
    ->then(function (Request $request) use ($app, $in, $userId, &$oldId) {
        $guard = $app['auth']->guard('web');
        $oldId = $request->session()->getId();
        switch ($in['action']) {
            case 'login':
                $guard->login($guard->getProvider()->retrieveById($userId));
                break;
            case 'logout': // as Laravel Breeze's AuthenticatedSessionController::destroy
                $guard->logout();
                $request->session()->invalidate();
                $request->session()->regenerateToken();
                break;
            default:
                $request->session()->put('visited', true);
        }
        return new Response('ok');
    });

$session = $app['session']->driver();
$id = $session->getId();
$sessionCookie = null;
foreach ($response->headers->getCookies() as $c) {
    if ($c->getName() === $cookieName) $sessionCookie = $c;
}
$header = $sessionCookie === null ? null : (string) $sessionCookie;

if ($driver === 'database') {
    $storeKey = $id; // sessions.id
} elseif ($driver === 'file') {
    $storeKey = $app['config']['session.files'] . '/' . $id;
} else {
    $store = $app['cache']->store($driver);
    $storeKey = $store->getPrefix() . $id;
    if ($driver === 'redis') {
        $storeKey = $store->connection()->client()->getOption(\Redis::OPT_PREFIX) . $storeKey;
    }
}

echo json_encode([
    'driver' => $driver,
    'cookieName' => $cookieName,
    'setCookie' => $header,
    'cookieValue' => $header === null ? null : explode(';', substr($header, strlen($cookieName) + 1), 2)[0],
    'sessionId' => $id,
    'previousSessionId' => $oldId,
    'storeKey' => $storeKey,
    'loginKey' => $app['auth']->guard('web')->getName(),
    'loggedIn' => $app['auth']->guard('web')->check(),
], JSON_UNESCAPED_SLASHES | JSON_THROW_ON_ERROR);
