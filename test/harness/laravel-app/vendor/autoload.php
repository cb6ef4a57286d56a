<?php
// Stands in for Composer's autoloader: Debian's Laravel 8 (php-laravel-framework, with the
// libraries it depends on) plus this application's App\ namespace (PSR-4 from app/).
require_once '/usr/share/php/Illuminate/autoload.php';

spl_autoload_register(static function (string $class): void {
    if (strncmp($class, 'App\\', 4) !== 0) {
        return;
    }
    $file = dirname(__DIR__).'/app/'.str_replace('\\', '/', substr($class, 4)).'.php';
    if (is_file($file)) {
        require $file;
    }
});
