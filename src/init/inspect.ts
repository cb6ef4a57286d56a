/**
 * One application → its Derivation: the route for its kind (laravel.ts, symfony.ts, django.ts,
 * wordpress.ts, or php.ts for plain PHP), plus what every site needs from init's own options
 * (isauth's `--listen`, the same address the nginx include's upstream names).
 */
import type { InitArgs } from './args.js';
import type { InitContext } from './context.js';
import { DerivationBuilder, type Derivation } from './derived.js';
import type { Detected } from './detect.js';
import { inspectDjango } from './django.js';
import { inspectLaravel } from './laravel.js';
import { derivePhpSessions, type PhpSetup } from './php.js';
import { inspectSymfony } from './symfony.js';
import { inspectWordPress } from './wordpress.js';

export async function inspectApp(app: Detected, ctx: InitContext, php: PhpSetup, args: InitArgs): Promise<Derivation> {
  const b = new DerivationBuilder();
  switch (app.kind) {
    case 'laravel':
      b.merge(await inspectLaravel(ctx));
      break;
    case 'symfony':
      b.merge(await inspectSymfony(ctx, php));
      break;
    case 'django':
      b.merge(await inspectDjango(ctx));
      break;
    case 'wordpress':
      b.merge(await inspectWordPress(ctx, args.wpConfig));
      break;
    case 'php':
      b.set('framework', 'plain', app.evidence);
      b.merge(derivePhpSessions(php, ctx.env));
      break;
  }
  b.set('listen', args.listen, 'isauth init --listen (the upstream of the nginx include)');
  return b.build();
}
