/** Local users, from /etc/passwd (the files that name them are what isauth init chowns). */
import { readFileSync, statSync } from 'node:fs';

export interface LocalUser {
  readonly name: string;
  readonly uid: number;
  readonly gid: number;
}

function users(passwd = '/etc/passwd'): LocalUser[] {
  let text = '';
  try {
    text = readFileSync(passwd, 'utf8');
  } catch {
    return [];
  }
  return text.split('\n').flatMap((line) => {
    const [name, , uid, gid] = line.split(':');
    return name && uid && gid && /^\d+$/.test(uid) && /^\d+$/.test(gid) ? [{ name, uid: Number(uid), gid: Number(gid) }] : [];
  });
}

export function userByName(name: string): LocalUser | undefined {
  return users().find((u) => u.name === name);
}

/** The owner of a file, by name (undefined when /etc/passwd does not list the uid). */
export function ownerOf(path: string): string | undefined {
  const uid = statSync(path).uid;
  return users().find((u) => u.uid === uid)?.name;
}

export const isRoot = (): boolean => process.getuid?.() === 0;
