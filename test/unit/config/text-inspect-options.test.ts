/** --text-listen, the text-protocol limits and --inspect-token: parsing, and the token never shown. */
import { describe, expect, it } from 'vitest';
import { loadConfig, renderHelp, summarizeConfig } from '../../../src/config/index.js';

const TOKEN = 'Sup3r-Secret-Inspect-Token';

describe('text protocol and inspect options', () => {
  it('are off by default', () => {
    const r = loadConfig([], {}, () => '');
    if ('errors' in r) throw new Error(r.errors.join('\n'));
    expect([r.config.textListen, r.config.inspectToken]).toEqual([null, '']);
    const lines = summarizeConfig(r.config);
    expect(lines).toContain('--text-listen (off)');
    expect(lines).toContain('--inspect-token (off)');
  });

  it('reads the address and limits from flags, env and file', () => {
    const file = JSON.stringify({ textMaxSids: 7, textIdleTimeout: '1500' });
    const r = loadConfig(['--text-listen', '127.0.0.1:3002', '--config', '/f.json'], { ISAUTH_TEXT_MAX_LINE: '512', ISAUTH_TEXT_MAX_CONNECTIONS: '3' }, () => file);
    if ('errors' in r) throw new Error(r.errors.join('\n'));
    const c = r.config;
    expect([c.textListen, c.textMaxLine, c.textMaxSids, c.textIdleTimeout, c.textMaxConnections]).toEqual([{ host: '127.0.0.1', port: 3002 }, 512, 7, 1500, 3]);
    expect(summarizeConfig(c)).toContain('--text-listen 127.0.0.1:3002');
    const unix = loadConfig(['--text-listen', 'unix:/run/isauth-text.sock'], {}, () => '');
    expect('config' in unix && unix.config.textListen).toEqual({ path: '/run/isauth-text.sock' });
  });

  it('refuses bad limits and addresses, naming the flag', () => {
    const r = loadConfig(['--text-listen', 'nowhere', '--text-max-sids', '0', '--text-max-line', '10'], {}, () => '');
    expect('errors' in r && r.errors.map((e) => e.split(':')[0])).toEqual(['--text-listen', '--text-max-line', '--text-max-sids']);
  });

  it('never shows the token: not in --check-config, not in errors', () => {
    for (const [argv, env, file] of [
      [['--inspect-token', TOKEN], {}, '{}'],
      [[], { ISAUTH_INSPECT_TOKEN: TOKEN }, '{}'],
      [['--config', '/f.json'], {}, JSON.stringify({ inspectToken: TOKEN })],
    ] as const) {
      const r = loadConfig(argv, env, () => file);
      if ('errors' in r) throw new Error(r.errors.join('\n'));
      expect(r.config.inspectToken).toBe(TOKEN);
      const summary = summarizeConfig(r.config).join('\n');
      expect(summary).toContain('--inspect-token (set, not shown)');
      expect(summary).not.toContain(TOKEN);
    }
    const short = 'short token'; // too short AND has a space
    const bad = loadConfig(['--inspect-token', short], { ISAUTH_TEXT_MAX_SIDS: 'x' }, () => '');
    expect('errors' in bad).toBe(true);
    const text = 'errors' in bad ? bad.errors.join('\n') : '';
    expect(text).toContain('--inspect-token');
    expect(text).not.toContain(short);
    const num = loadConfig(['--config', '/f.json'], {}, () => JSON.stringify({ inspectToken: 12345678901234567890 }));
    expect('errors' in num && num.errors.join('\n')).not.toContain('1234567890');
    expect(renderHelp()).not.toContain(TOKEN);
  });
});
