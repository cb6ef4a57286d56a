<?php
// Realistic session payloads for the decode benchmark, written by PHP itself.
// Prints JSON {name: {php: base64, php_serialize: base64}}.

namespace App\Entity { class User { public $id; protected $email; private $password; public $roles = []; public $createdAt;
    public function __construct($i) { $this->id = $i; $this->email = "user$i@example.com";
        $this->password = '$2y$13$' . str_repeat('abcdefghijklmnopqrstuvwxyzABCDEFGH', 2); $this->roles = ['ROLE_USER'];
        $this->createdAt = '2024-01-0' . ($i % 9 + 1) . 'T10:00:00+00:00'; } } }

namespace Symfony\Component\Security\Core\Authentication\Token {
    class UsernamePasswordToken { private $user; private $firewallName; private $roleNames; private $attributes = [];
        public function __construct($u, $f, $r) { $this->user = $u; $this->firewallName = $f; $this->roleNames = $r; }
        public function __serialize(): array { return [$this->user, $this->firewallName, $this->roleNames, $this->attributes, ['ROLE_USER', 'ROLE_ADMIN', 'ROLE_ALLOWED_TO_SWITCH']]; } } }

namespace {
ob_start();
use App\Entity\User;
use Symfony\Component\Security\Core\Authentication\Token\UsernamePasswordToken;

$small = [
    'user_id' => 42, 'username' => 'alice', 'logged_in' => true,
    'csrf_token' => '9f86d081884c7d659a2feaa0c55ad015', 'last_activity' => 1700000000,
    'roles' => ['user', 'editor'], 'locale' => 'en_US', 'theme' => 'dark',
];

$token = serialize(new UsernamePasswordToken(new User(7), 'main', ['ROLE_USER', 'ROLE_ADMIN']));
$framework = [
    '_sf2_attributes' => [
        '_csrf/https-authenticate' => 'Xq3r8bT6p2Yk1vZ0aWcE5nL9mJ4hG7fD3sA1qR8tY2u',
        '_security.last_username' => 'user7@example.com',
        '_security_main' => $token,
        'cart_id' => 'b3a1f0c2-5d6e-4f7a-8b9c-0d1e2f3a4b5c',
        'preferences' => ['currency' => 'EUR', 'newsletter' => false, 'timezone' => 'Europe/Berlin', 'items_per_page' => 25],
        'recently_viewed' => [1201, 1202, 1305, 1400, 1402, 1599, 1600, 1777, 1800, 1801, 1901, 2001],
        'flash_seen' => ['welcome' => true, 'gdpr' => true],
        '_locale' => 'de',
        'breadcrumbs' => ['/', '/catalog', '/catalog/audio', '/catalog/audio/headphones', '/catalog/audio/headphones/over-ear', '/catalog/audio/headphones/over-ear/wireless'],
        'checkout' => ['step' => 'shipping', 'address_id' => 3312, 'shipping_method' => 'express', 'coupon' => null, 'gift_wrap' => false, 'notes' => 'Please leave the parcel with the neighbour if nobody is home.'],
        'search' => ['q' => 'wireless headphones noise cancelling', 'sort' => 'relevance', 'filters' => ['brand' => ['Sony', 'Bose', 'Sennheiser'], 'price' => [50.0, 400.0], 'rating' => 4]],
    ],
    '_sf2_meta' => ['u' => 1700000000, 'c' => 1699990000, 'l' => 0],
];

$cart = [];
for ($i = 0; $i < 176; $i++) {
    $cart[] = ['sku' => sprintf('SKU-%06d', $i * 7919 % 999983), 'name' => "Product number $i — deluxe edition",
        'qty' => $i % 5 + 1, 'price' => round(9.99 + $i * 1.37, 2), 'options' => ['color' => ['red', 'green', 'blue'][$i % 3], 'size' => ['S', 'M', 'L', 'XL'][$i % 4]],
        'added' => 1700000000 + $i * 60];
}
$history = [];
for ($i = 0; $i < 120; $i++) $history[] = "/catalog/category-" . ($i % 12) . "/product-" . ($i * 31) . "?ref=listing&page=" . ($i % 7);
$large = ['user' => new User(1), 'cart' => $cart, 'history' => $history, 'logged_in' => true, 'user_id' => 1,
    'notes' => str_repeat('Lorem ipsum dolor sit amet, consectetur adipiscing elit. ', 40)];

ini_set('session.use_cookies', '0');
ini_set('session.save_path', sys_get_temp_dir());
$out = [];
foreach (['small' => $small, 'framework' => $framework, 'large' => $large] as $name => $vars) {
    foreach (['php', 'php_serialize'] as $h) {
        ini_set('session.serialize_handler', $h);
        session_start();
        $_SESSION = $vars;
        $out[$name][$h] = base64_encode(session_encode());
        session_abort();
    }
}
ob_end_clean();
echo json_encode($out);
}
