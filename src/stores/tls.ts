/** A CA certificate file (PEM) a TLS store connection trusts (`rediss://…?ca=`, SQL `?sslca=`). */
import { readFileSync } from 'node:fs';
import { IsauthError } from '../errors.js';

/** Read at store creation; unreadable → STORE_URL naming the store and the errno (startup fails with it). */
export function readCaFile(path: string, store: string): Buffer {
  try {
    return readFileSync(path);
  } catch (err) {
    throw new IsauthError('STORE_URL', `${store}: cannot read the CA file ${path} (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
}
