<?php

namespace App\Http\Middleware;

use Closure;
use Illuminate\Http\Request;

/**
 * Stores each rendered GET page where nginx looks for it (docs/nginx.md, "Writing pages from
 * PHP"): memcached key isauth:page:<variant>:<escaped $host$request_uri>, for the variant isauth
 * answered (nginx passes it as ISAUTH_VARIANT, the page part as ISAUTH_PAGE). The variant is
 * checked against what the application itself decides, so a wrong answer is never stored.
 */
class WritePageCache
{
    public function handle(Request $request, Closure $next)
    {
        $response = $next($request);
        $variant = $request->server('ISAUTH_VARIANT', '');
        $page = $request->server('ISAUTH_PAGE', '');
        $mine = auth()->check() ? 'auth' : 'anon';
        $response->headers->set('X-Rendered-By', 'php');
        $stored = 'no';
        if ($request->isMethod('GET') && $response->getStatusCode() === 200 && $page !== '' && $variant === $mine) {
            $key = 'isauth:page:'.$variant.':'.preg_replace_callback('/[\x00-\x20%]/', fn ($m) => sprintf('%%%02X', ord($m[0])), $page);
            if (strlen($key) <= 250) {
                $mc = new \Memcached();
                $mc->setOption(\Memcached::OPT_COMPRESSION, false);
                [$host, $port] = explode(':', env('PAGE_CACHE', '127.0.0.1:11211'));
                $mc->addServer($host, (int) $port);
                $stored = $mc->set($key, $response->getContent(), 300) ? 'yes' : 'error '.$mc->getResultMessage();
            }
        }
        // For the tests: whether this rendering was stored, and for which variant.
        $response->headers->set('X-Page-Stored', $stored === 'no' ? "no (variant \"$variant\", page \"$page\", app: $mine)" : $stored);
        return $response;
    }
}
