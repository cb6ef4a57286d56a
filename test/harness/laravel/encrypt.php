<?php
// Real Illuminate\Encryption\Encrypter and CookieValuePrefix for unit tests of the Laravel codecs.
// stdin: JSON list of {key (APP_KEY as in .env), cipher, plain, serialize?, cookieName?}; for each,
// prints encrypt(plain) — with cookieName: encrypt(CookieValuePrefix::create(cookieName, key) . plain,
// false), which is what EncryptCookies::encrypt writes. stdout: JSON list of payloads.
require '/usr/share/php/Illuminate/autoload.php';

use Illuminate\Cookie\CookieValuePrefix;
use Illuminate\Encryption\Encrypter;
use Illuminate\Support\Str;

$out = [];
foreach (json_decode(stream_get_contents(STDIN), true, 8, JSON_THROW_ON_ERROR) as $job) {
    $key = $job['key'];
    if (Str::startsWith($key, 'base64:')) $key = base64_decode(substr($key, 7)); // EncryptionServiceProvider::parseKey
    $e = new Encrypter($key, $job['cipher']);
    $out[] = isset($job['cookieName'])
        ? $e->encrypt(CookieValuePrefix::create($job['cookieName'], $e->getKey()) . $job['plain'], false)
        : $e->encrypt($job['plain'], $job['serialize'] ?? false);
}
echo json_encode($out, JSON_UNESCAPED_SLASHES | JSON_THROW_ON_ERROR);
