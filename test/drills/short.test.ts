/**
 * The short fault drills, part of `npm test` (vitest.drills.config.ts, run last and alone): the
 * store killed and hung, isauth SIGTERMed under load, hostile headers and session bytes, Redis
 * hung — against the real stack, every answer checked (docs/reliability.md). The full set and the
 * soak: `npm run drills` (full.test.ts).
 */
import { allDrills } from './drills.js';
import { runDrills } from './suite.js';

runDrills('fault drills (short)', allDrills(10).filter((d) => d.short), { sessions: 600 });
