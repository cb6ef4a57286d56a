/**
 * A real browser for the e2e suites: Debian's `chromium`, headless, driven by playwright-core
 * (which downloads no browser of its own). `haveChromium()` skips loudly locally and fails under
 * CI=true, like every other program the tests need.
 */
import { chromium, type Browser } from 'playwright-core';
import { findProgram, havePrograms } from '../../harness/programs.js';

export const haveChromium = (): boolean => havePrograms('chromium');

export async function launchChromium(): Promise<Browser> {
  const executablePath = findProgram('chromium');
  if (!executablePath) throw new Error('chromium not found (use haveChromium)');
  // --no-sandbox: the tests run as root, where Chromium's sandbox refuses to start.
  return chromium.launch({ executablePath, headless: true, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
}
