/** `npm run fuzz [-- CASES [SEED]]`: the whole fuzzing run (default 120,000 cases), reported as JSON; exit 1 on any finding. */
import { fuzz } from './fuzz.js';

const cases = Number(process.argv[2] ?? 120_000);
const seed = Number(process.argv[3] ?? 20261202);
const started = performance.now();
const report = await fuzz(seed, cases);
const seconds = (performance.now() - started) / 1000;
process.stdout.write(`${JSON.stringify({ ...report, seed, seconds: Number(seconds.toFixed(1)), peakRssMiB: Math.round(report.peakRss / 2 ** 20) }, null, 1)}\n`);
process.exit(report.failures.length > 0 || report.slow.length > 0 || report.peakRss > 2 ** 30 ? 1 : 0);
