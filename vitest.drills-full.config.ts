import { defineConfig } from 'vitest/config';

/** `npm run drills`: every fault drill and the long soak (test/drills/full.test.ts); never part of `npm test`. */
export default defineConfig({
  test: {
    include: ['test/drills/full.test.ts'],
    testTimeout: 600_000,
    hookTimeout: 180_000,
    maxWorkers: 1,
  },
});
