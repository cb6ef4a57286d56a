// Decode benchmark: isauth vs the php-serialize npm package vs PHP's own C decoder, on
// realistic sessions written by PHP (payloads.php). Run: npm run bench:decode (needs php-cli).
// Prints a Markdown table and writes bench/results/decode.json.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { unserialize as phpSerializeUnserialize } from 'php-serialize';
import { decodeSession, decodeSessionKeys } from '../../dist/php/index.js';

const here = dirname(fileURLToPath(import.meta.url));
const SECONDS = Number(process.env.BENCH_SECONDS ?? 1);
/** What a typical rule reads: a login flag (plain sessions) or the Symfony attribute bag. */
const WANTED = new Set(['logged_in', '_sf2_attributes']);

/** CPU seconds used by this process (user + system): fair when other work shares the cores. */
function cpu() {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

/** Calls per CPU second of fn, best of 3 rounds of ~SECONDS each, after a warm-up. */
function rate(fn) {
  const until = (s) => {
    let n = 0;
    const t0 = cpu();
    let dt = 0;
    do {
      for (let i = 0; i < 50; i++) fn();
      n += 50;
      dt = cpu() - t0;
    } while (dt < s);
    return n / dt;
  };
  until(0.3);
  return Math.max(until(SECONDS), until(SECONDS), until(SECONDS));
}

function phpRate(handler, bytes) {
  const dir = mkdtempSync(join(tmpdir(), 'isauth-bench-'));
  const file = join(dir, 'payload');
  writeFileSync(file, bytes);
  const out = execFileSync('php', [join(here, 'php-rate.php'), handler, file], { encoding: 'utf8' });
  return JSON.parse(out).perSec;
}

const raw = JSON.parse(execFileSync('php', [join(here, 'payloads.php')], { encoding: 'utf8' }));
const rows = [];
for (const [name, forms] of Object.entries(raw)) {
  const php = Buffer.from(forms.php, 'base64');
  const ser = Buffer.from(forms.php_serialize, 'base64');
  // Sanity: every decoder reads the payload.
  decodeSession(php, 'php');
  phpSerializeUnserialize(ser, {}, { strict: false });
  const r = {
    payload: name,
    bytes: php.length,
    bytesSerialize: ser.length,
    isauth_php: rate(() => decodeSession(php, 'php')),
    isauth_php_serialize: rate(() => decodeSession(ser, 'php_serialize')),
    isauth_keys: rate(() => decodeSessionKeys(php, 'php', WANTED)),
    php_serialize_npm: rate(() => phpSerializeUnserialize(ser, {}, { strict: false })),
    php_c: phpRate('php', php),
  };
  rows.push(r);
}

function fmt(n) {
  return n >= 1e6 ? `${(n / 1e6).toFixed(2)} M` : n >= 1e3 ? `${(n / 1e3).toFixed(1)} k` : n.toFixed(0);
}
const mbs = (perSec, bytes) => ((perSec * bytes) / 1e6).toFixed(1);

console.log(`\nDecode throughput — Node ${process.version}, ${execFileSync('php', ['-r', 'echo PHP_VERSION;'], { encoding: 'utf8' })} (per CPU-second: sessions/s, MB/s)\n`);
console.log('| payload | bytes | isauth (php) | isauth (php_serialize) | isauth (1 key) | php-serialize npm | PHP session_decode (C) | isauth ÷ php-serialize | isauth ÷ PHP |');
console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|');
for (const r of rows) {
  const cell = (v, bytes = r.bytes) => `${fmt(v)}/s · ${mbs(v, bytes)} MB/s`;
  console.log(`| ${r.payload} | ${r.bytes} | ${cell(r.isauth_php)} | ${cell(r.isauth_php_serialize, r.bytesSerialize)} | ${cell(r.isauth_keys)} | ${cell(r.php_serialize_npm, r.bytesSerialize)} | ${cell(r.php_c)} | ${(r.isauth_php_serialize / r.php_serialize_npm).toFixed(1)}× | ${(r.isauth_php / r.php_c).toFixed(2)}× |`);
}
console.log('\nisauth ÷ php-serialize compares both on the php_serialize form; isauth ÷ PHP compares both on the php form.');

const outDir = join(here, '..', 'results');
mkdirSync(outDir, { recursive: true });
writeFileSync(join(outDir, 'decode.json'), `${JSON.stringify({ node: process.version, date: new Date().toISOString(), rows }, null, 2)}\n`);
