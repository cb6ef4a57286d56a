/**
 * The SessionFormat contract for `wordpressFormat`: the user rows of the real WordPress (users with
 * their roles, session tokens made by WP_Session_Tokens, logged_in cookies by
 * wp_generate_auth_cookie), read through the SQL store as --framework wordpress reads them, with
 * the cookie as reference: each decodes to the login, the id and the roles; mutated rows are
 * a decode error or a refusal of the cookie (COOKIE_*).
 */
import { describe } from 'vitest';
import { wordpressCookieCodec } from '../../../src/cookie-codec/wordpress.js';
import { DEFAULT_MAX_DEPTH } from '../../../src/php/options.js';
import { wordpressFormat } from '../../../src/session-format/wordpress.js';
import { wordpressLoginKey } from '../../../src/store-key/wordpress.js';
import { createBareStore } from '../../../src/stores/factory.js';
import { parseStoreUrl } from '../../../src/stores/url.js';
import { runSessionFormatContract } from '../../contracts/session-format.js';
import { haveWordPress, startWordPress } from '../../harness/wordpress.js';

describe.runIf(haveWordPress())('wordpress', () => {
  runSessionFormatContract('wordpressFormat', async () => {
    const wp = await startWordPress();
    try {
      const users: Array<[string, string]> = [['ann', 'subscriber'], ['ed', 'editor'], ['jo doe@x.y', 'author'], ['boss', 'administrator']];
      const ids: number[] = [];
      for (const [login, role] of users) ids.push(await wp.createUser(login, 'pw-12345', role));
      const cookies = await wp.php<string[]>(
        `$r = [];
         foreach ([${ids.join(',')}] as $id) {
           $t = WP_Session_Tokens::get_instance($id)->create(time() + 3600);
           $r[] = rawurlencode(wp_generate_auth_cookie($id, time() + 3600, 'logged_in', $t));
         }
         return $r;`,
      );
      const spec = parseStoreUrl(wp.isauthUrl);
      if ('error' in spec || spec.kind !== 'sql') throw new Error('bad spec');
      const store = createBareStore({ ...spec, wordpress: { kind: 'wordpress', prefix: 'wp_', options: [] } }, { maxAgeSeconds: 1440, maxBytes: 65536 });
      const codec = wordpressCookieCodec();
      const written = [];
      for (const [i, raw] of cookies.entries()) {
        const ref = codec.decode(raw) as string;
        const key = wordpressLoginKey.key(ref);
        const row = await store.load(key, key, 5000);
        const [login, role] = users[i]!;
        written.push({ bytes: row!.bytes, ref, session: new Map<string, unknown>([['login', login], ['id', ids[i]], ['roles', new Map([[role, true]])]]) });
      }
      await store.close();
      const defines = wp.config.defines as Record<string, string>;
      return { format: wordpressFormat({ key: defines.LOGGED_IN_KEY, salt: defines.LOGGED_IN_SALT, maxDepth: DEFAULT_MAX_DEPTH }), written: written as never };
    } finally {
      await wp.stop();
    }
  });
});
