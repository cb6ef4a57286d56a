/**
 * Laravel (`artisan` + `bootstrap/app.php`): a few lines of PHP bootstrap the application the
 * way artisan does (its vendor/autoload.php, bootstrap/app.php, the console kernel's bootstrappers:
 * .env, config/*.php or the config cache) and print the settings isauth needs as JSON — so the
 * values are what the application itself uses. laravel-derive.ts turns them into options.
 */
import type { InitContext } from './context.js';
import type { Derivation } from './derived.js';
import { afterMarker, MARKER } from './json-output.js';
import { deriveLaravel } from './laravel-derive.js';

/** The PHP that runs (php -r): shown to the operator as it is. */
export const LARAVEL_PHP = `require 'vendor/autoload.php';
$app = require 'bootstrap/app.php';
$app->make(Illuminate\\Contracts\\Console\\Kernel::class)->bootstrap();
echo "\\n${MARKER}", json_encode([
  'version' => $app->version(),
  'session' => config('session'),
  'app.key' => config('app.key'),
  'app.previous_keys' => config('app.previous_keys'),
  'app.cipher' => config('app.cipher'),
  'previous_keys_read' => method_exists(Illuminate\\Encryption\\Encrypter::class, 'previousKeys'),
  'cache' => config('cache'),
  'database' => config('database'),
], JSON_UNESCAPED_SLASHES | JSON_PARTIAL_OUTPUT_ON_ERROR | JSON_INVALID_UTF8_SUBSTITUTE), "\\n";`;

export async function inspectLaravel(ctx: InitContext): Promise<Derivation> {
  const out = await ctx.tool([ctx.php, '-r', LARAVEL_PHP], "To read Laravel's own configuration (config('session'), config('app.key'), config('app.previous_keys'), config('cache'), config('database'))");
  return deriveLaravel(afterMarker(out, 'php (Laravel)'));
}
