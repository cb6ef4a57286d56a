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

/** The groups `user` belongs to: its primary group and those /etc/group lists it in. */
function groupsOf(user: LocalUser, group = '/etc/group'): Set<number> {
  const out = new Set([user.gid]);
  let text = '';
  try {
    text = readFileSync(group, 'utf8');
  } catch {
    return out;
  }
  for (const line of text.split('\n')) {
    const [, , gid, members] = line.split(':');
    if (gid && /^\d+$/.test(gid) && (members ?? '').split(',').includes(user.name)) out.add(Number(gid));
  }
  return out;
}

/**
 * Whether `user` may read `path`, by the permission bits of the file and of each directory above
 * it (search), as the kernel checks them (ACLs aside: a file readable only through an ACL is
 * judged unreadable, and isauth init then copies its values instead of naming the file).
 */
export function readableBy(path: string, user: LocalUser): boolean {
  if (user.uid === 0) return true;
  const groups = groupsOf(user);
  const allows = (p: string, bits: { owner: number; group: number; other: number }): boolean => {
    let st;
    try {
      st = statSync(p);
    } catch {
      return false;
    }
    if (st.uid === user.uid) return (st.mode & bits.owner) !== 0;
    if (groups.has(st.gid)) return (st.mode & bits.group) !== 0;
    return (st.mode & bits.other) !== 0;
  };
  const parts = path.split('/').filter((x) => x !== '');
  for (let i = 0; i < parts.length - 1; i++) {
    if (!allows(`/${parts.slice(0, i + 1).join('/')}`, { owner: 0o100, group: 0o010, other: 0o001 })) return false;
  }
  return allows(path, { owner: 0o400, group: 0o040, other: 0o004 });
}
