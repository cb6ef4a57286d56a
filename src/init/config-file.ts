/**
 * The file `isauth init` writes — exactly the JSON `--config` reads (src/config/file.ts): the
 * derived options in the schema's order, then `"$origins"`, which `--check-config` shows after
 * each value, so it names the same origins init printed. Written with mode 0600 and owned by
 * isauth's user when it holds a secret (an app key, a store password), 0644 otherwise; replaced
 * atomically (a temporary file, then rename), never left half-written.
 */
import { chownSync, closeSync, fchmodSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { ORIGINS_KEY } from '../config/file.js';
import { OPTION_LIST, OPTIONS } from '../options/schema.js';
import { isSecret, storeHasPassword, type AppFileRef, type Derived } from './derived.js';

/**
 * The options the file holds: all derived ones, except those an application file it names gives
 * (`reference`: wp-config.php, read by isauth at each start, so its password and salts are not copied).
 */
export function writtenOptions(options: readonly Derived[], reference: AppFileRef | undefined): readonly Derived[] {
  return reference === undefined ? options : options.filter((o) => !reference.keys.includes(o.key));
}

export function renderConfigJson(options: readonly Derived[], reference?: AppFileRef): string {
  const doc: Record<string, unknown> = {};
  const origins: Record<string, string> = {};
  if (reference !== undefined) {
    doc[reference.key] = reference.path;
    origins[reference.key] = `isauth init: read by isauth at each start (${reference.keys.map((k) => OPTIONS[k].flag).join(', ')}), not copied`;
  }
  options = writtenOptions(options, reference);
  for (const def of OPTION_LIST) {
    const d = options.find((o) => o.key === def.key);
    if (d === undefined) continue;
    doc[d.key] = d.value;
    origins[d.key] = d.origin;
  }
  doc[ORIGINS_KEY] = origins;
  return `${JSON.stringify(doc, null, 2)}\n`;
}

/** Whether the file would hold a secret: an app/secret key, a token, a store password. */
export function holdsSecret(options: readonly Derived[]): boolean {
  return options.some((o) => (isSecret(o.key) && (Array.isArray(o.value) ? o.value.length > 0 : o.value !== '')) || (o.key === 'store' && typeof o.value === 'string' && storeHasPassword(o.value)));
}

export interface Owner {
  readonly uid: number;
  readonly gid: number;
}

/** Writes `text` to `path` (mode 0600 and `owner` when secret, else 0644), atomically. */
export function writeFileAtomically(path: string, text: string, secret: boolean, owner: Owner | undefined): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o755 });
  const tmp = `${path}.isauth-init-${process.pid}`;
  const fd = openSync(tmp, 'wx', secret ? 0o600 : 0o644);
  try {
    fchmodSync(fd, secret ? 0o600 : 0o644); // exactly, whatever the umask
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    if (owner !== undefined) chownSync(tmp, owner.uid, owner.gid);
    renameSync(tmp, path);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}
