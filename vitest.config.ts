import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The load smoke test saturates both cores: it runs alone, after everything else
    // (vitest.load.config.ts), so it cannot disturb tests that measure deadlines.
    exclude: ['test/load/**', 'test/drills/**', '**/node_modules/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Integration tests start real servers; two cores — keep parallelism modest.
    maxWorkers: 2,
    reporters: ['default'],
  },
});
