/** StoreEnv['server'] for stores backed by one or several RunningServers: every one at once. */
import type { RunningServer } from '../harness/servers.js';
import type { StoreEnv } from './session-store.js';

export function allServers(servers: readonly RunningServer[], afterStart: () => Promise<void> = async () => undefined): NonNullable<StoreEnv['server']> {
  return {
    stop: async () => void (await Promise.all(servers.map((s) => s.kill()))),
    start: async () => {
      await Promise.all(servers.map((s) => s.restart()));
      await afterStart();
    },
    pause: async () => void (await Promise.all(servers.map((s) => s.pause()))),
    resume: () => servers.forEach((s) => s.resume()),
  };
}
