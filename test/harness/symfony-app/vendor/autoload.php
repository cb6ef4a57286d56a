<?php
// Stands in for Composer's autoloader: Debian's Symfony 5.4 packages (php-symfony-framework-bundle,
// -security-bundle, -dotenv, -yaml, -cache) plus this application's App\ namespace (src/).
foreach (['Bundle/FrameworkBundle', 'Bundle/SecurityBundle', 'Component/Dotenv', 'Component/Yaml', 'Component/Cache'] as $package) {
    require_once "/usr/share/php/Symfony/$package/autoload.php";
}

spl_autoload_register(static function (string $class): void {
    if (strncmp($class, 'App\\', 4) !== 0) {
        return;
    }
    $file = dirname(__DIR__).'/src/'.str_replace('\\', '/', substr($class, 4)).'.php';
    if (is_file($file)) {
        require $file;
    }
});
