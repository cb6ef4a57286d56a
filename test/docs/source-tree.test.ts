/**
 * A newcomer finds the room of any behaviour from the folder names alone: every folder (and
 * top-level file) of src/ is named in the README's source tree and in docs/architecture.md.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const ROOT = new URL('../../', import.meta.url);
const entries = readdirSync(new URL('src/', ROOT), { withFileTypes: true }).map((e) => `src/${e.name}${e.isDirectory() ? '/' : ''}`);

describe('the source tree is described', () => {
  it.each(['README.md', 'docs/architecture.md'])('%s names every folder and file of src/', (doc) => {
    const text = readFileSync(new URL(doc, ROOT), 'utf8');
    expect(entries.filter((e) => !text.includes(e))).toEqual([]);
  });
});
