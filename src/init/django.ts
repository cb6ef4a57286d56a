/**
 * Django (`manage.py`): `manage.py shell -c` prints the settings isauth needs as JSON — the
 * project's own settings module, loaded the way every manage.py command loads it
 * (DJANGO_SETTINGS_MODULE from manage.py or the environment), so the values are the ones the
 * project runs with. django-derive.ts turns them into options.
 */
import type { InitContext } from './context.js';
import type { Derivation } from './derived.js';
import { deriveDjango } from './django-derive.js';
import { afterMarker, MARKER } from './json-output.js';

/** The Python that runs (manage.py shell -c): shown to the operator as it is. */
export const DJANGO_PY = `import json, django
from django.conf import settings as s
out = {n: getattr(s, n) for n in dir(s) if n.startswith('SESSION_')}
out.update(version=django.get_version(), fallbacks_read=django.VERSION >= (4, 1), SECRET_KEY=s.SECRET_KEY,
  SECRET_KEY_FALLBACKS=list(getattr(s, 'SECRET_KEY_FALLBACKS', [])), CACHES=s.CACHES, DATABASES=s.DATABASES)
if s.SESSION_ENGINE == 'django.contrib.sessions.backends.file':
    from django.contrib.sessions.backends.file import SessionStore
    out['file_storage_path'] = SessionStore._get_storage_path()
print('\\n${MARKER}' + json.dumps(out, default=str))`;

export async function inspectDjango(ctx: InitContext): Promise<Derivation> {
  const out = await ctx.tool([ctx.python, 'manage.py', 'shell', '-c', DJANGO_PY], "To read Django's own settings (SESSION_*, SECRET_KEY, SECRET_KEY_FALLBACKS, CACHES, DATABASES)");
  return deriveDjango(afterMarker(out, 'manage.py shell'));
}
