import { defineConfig } from 'vitest/config';

/** The short fault drills (test/drills/), run on their own after the load smoke test by `npm test`. */
export default defineConfig({
  test: {
    include: ['test/drills/**/*.test.ts'],
    testTimeout: 240_000,
    maxWorkers: 1,
  },
});
