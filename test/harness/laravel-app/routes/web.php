<?php

use Illuminate\Http\Request;
use Illuminate\Support\Facades\Auth;
use Illuminate\Support\Facades\Route;

Route::get('/', fn () => Auth::check() ? 'Hello, '.Auth::user()->name.' (logged in)' : 'Hello, guest');

// The tests' login: user 42, as Laravel Breeze's AuthenticatedSessionController::store does it.
Route::post('/login', function (Request $request) {
    Auth::guard('web')->login(Auth::guard('web')->getProvider()->retrieveById(42));
    $request->session()->regenerate();
    return 'logged in';
});

// As Breeze's AuthenticatedSessionController::destroy.
Route::post('/logout', function (Request $request) {
    Auth::guard('web')->logout();
    $request->session()->invalidate();
    $request->session()->regenerateToken();
    return 'logged out';
});

// A guest visit that stores something in the session (a cart), without logging in.
Route::post('/cart', function (Request $request) {
    $request->session()->put('cart', [17, 23]);
    return 'added';
});

Route::get('/members/', fn () => 'members only')->middleware('auth');
