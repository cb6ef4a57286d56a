import { defineConfig } from 'vitest/config';

/** The load smoke test (test/load/), run on its own after the main suite by `npm test`. */
export default defineConfig({
  test: {
    include: ['test/load/**/*.test.ts'],
    testTimeout: 180_000,
    maxWorkers: 1,
  },
});
