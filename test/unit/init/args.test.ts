import { describe, expect, it } from 'vitest';
import { parseInitArgs } from '../../../src/init/args.js';

describe('isauth init arguments', () => {
  it('APP_DIR and --wp-config become absolute (the config file names wp-config.php by its absolute path)', () => {
    const a = parseInitArgs(['site', '--wp-config', 'conf/wp-config.php'], '/srv');
    expect([a.appDir, a.wpConfig, a.problems]).toEqual(['/srv/site', '/srv/conf/wp-config.php', []]);
    const b = parseInitArgs(['/var/www/blog/', '--wp-config', '/etc/wordpress/config-blog.php'], '/srv');
    expect([b.appDir, b.wpConfig]).toEqual(['/var/www/blog', '/etc/wordpress/config-blog.php']);
    expect(parseInitArgs([], '/srv').wpConfig).toBeUndefined();
  });
});
