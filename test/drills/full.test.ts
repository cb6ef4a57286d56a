/**
 * `npm run drills` (vitest.drills-full.config.ts, never part of `npm test`): every fault drill —
 * every store kind hung 60 s with isauth's old space capped — then the long soak, a Redis fault
 * every few minutes (DRILLS_SOAK_MINUTES, default 30; 0 leaves it out). Writes the table to
 * bench/results/drills.md. DRILLS_ONLY=TEXT runs the drills whose name contains TEXT (no file).
 */
import { fileURLToPath } from 'node:url';
import { allDrills, faultySoak } from './drills.js';
import { runDrills } from './suite.js';

const only = process.env.DRILLS_ONLY;
const soakMinutes = Number(process.env.DRILLS_SOAK_MINUTES ?? 30);
const drills = [...allDrills(120), ...(soakMinutes > 0 ? [faultySoak(soakMinutes * 60)] : [])].filter((d) => only === undefined || d.name.includes(only));
const RESULTS = fileURLToPath(new URL('../../bench/results/drills.md', import.meta.url));

runDrills('fault drills (full)', drills, { sessions: 1000, ...(only === undefined && { write: RESULTS }) });
