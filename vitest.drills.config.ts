import { defineConfig } from 'vitest/config';

/** The short fault drills (test/drills/short.test.ts), run on their own after the load smoke test by `npm test`. */
export default defineConfig({
  test: {
    include: ['test/drills/short.test.ts'],
    testTimeout: 300_000,
    hookTimeout: 180_000,
    maxWorkers: 1,
  },
});
