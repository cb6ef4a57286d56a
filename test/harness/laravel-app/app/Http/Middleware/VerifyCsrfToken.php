<?php

namespace App\Http\Middleware;

use Illuminate\Foundation\Http\Middleware\VerifyCsrfToken as Middleware;

class VerifyCsrfToken extends Middleware
{
    /** The tests post the login form without fetching a token first. */
    protected $except = ['login', 'logout', 'cart'];
}
