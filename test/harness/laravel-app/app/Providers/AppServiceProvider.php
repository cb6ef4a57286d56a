<?php

namespace App\Providers;

use Illuminate\Auth\GenericUser;
use Illuminate\Contracts\Auth\Authenticatable;
use Illuminate\Contracts\Auth\UserProvider;
use Illuminate\Support\Facades\Auth;
use Illuminate\Support\ServiceProvider;

/** Users without a database: the `array` provider of config/auth.php. */
class AppServiceProvider extends ServiceProvider
{
    public function boot()
    {
        Auth::provider('array', fn ($app, array $config) => new class($config['users']) implements UserProvider {
            public function __construct(private array $users) {}
            public function retrieveById($id) { return isset($this->users[$id]) ? new GenericUser($this->users[$id] + ['id' => $id]) : null; }
            public function retrieveByToken($id, $token) { return null; }
            public function updateRememberToken(Authenticatable $user, $token) {}
            public function retrieveByCredentials(array $c) { return null; }
            public function validateCredentials(Authenticatable $user, array $c) { return false; }
        });
    }
}
