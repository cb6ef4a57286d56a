<?php
return [
    'defaults' => ['guard' => 'web', 'passwords' => 'users'],
    'guards' => ['web' => ['driver' => 'session', 'provider' => 'users']],
    // No database: the users are listed here (App\Providers\AppServiceProvider).
    'providers' => ['users' => ['driver' => 'array', 'users' => [42 => ['name' => 'Alice', 'password' => '', 'remember_token' => null]]]],
];
