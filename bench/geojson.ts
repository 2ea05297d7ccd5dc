/**
 * Benchmark (not a test): `node dist/bench/geojson.js`. Issue 12's targets, whole process, median of 5,
 * side by side in one run: L (8192², ~80,000 cells) to GeoJSON within 1.2× the RoiSet export of the
 * same file; and a label image of about a million cells (16384², uint32 .npy) written as GeoJSON with
 * peak memory below 2× its mask array.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { npyBytes } from '../src/write/npy.js';
import { median } from './median.js';
import { syntheticCells } from './synthetic-cells.js';
import { SIZES, runOnce, segFile } from './whole-process.js';

const L = SIZES.find((s) => s.name === 'L')!;
const file = segFile(L);
const out = mkdtempSync(path.join(tmpdir(), 'cp2ij-bench-gj-'));
const zip = ['export', file, '--out', out, '--format', 'zip', '--quiet', '--overwrite'];
const geojson = ['export', file, '--out', out, '--format', 'geojson', '--quiet'];
runOnce(zip);
runOnce(geojson);
const zipRuns: number[] = [];
const gjRuns: number[] = [];
// write-back of the previous run's output (76 MB of GeoJSON) would slow whichever run comes next: settle it first
const settle = () => spawnSync('sync');
for (let i = 0; i < 5; i++) {
  settle();
  zipRuns.push(runOnce(zip).seconds);
  settle();
  gjRuns.push(runOnce(geojson).seconds);
}
const z = median(zipRuns);
const g = median(gjRuns);
console.log(`L 8192² uint32: RoiSet ${z.toFixed(3)} s, GeoJSON ${g.toFixed(3)} s (median of 5, alternating, synced): ratio ${(g / z).toFixed(2)} (target ≤ 1.2)`);

const SIZE = 16384;
const big = path.resolve('bench/.data', `million_${SIZE}_masks.npy`);
if (!existsSync(big)) {
  process.stderr.write(`writing ${big} (once)…\n`);
  writeFileSync(big, npyBytes({ dtype: 'uint32', shape: [SIZE, SIZE], data: syntheticCells(SIZE, SIZE, 16, 5) }));
}
const runs = [runOnce(['export', big, '--out', out, '--format', 'geojson', '--quiet']), runOnce(['export', big, '--out', out, '--format', 'geojson', '--quiet'])];
const rss = Math.max(...runs.map((r) => r.maxRssKiB ?? 0)) / 1024;
const maskMiB = (SIZE * SIZE * 4) / 2 ** 20;
const text = (await import('node:fs')).readFileSync(path.join(out, `million_${SIZE}.geojson`));
let features = 0;
for (let i = text.indexOf(10); i >= 0; i = text.indexOf(10, i + 1)) features++;
features -= 2;
console.log(`${SIZE}² uint32, ${features} cells → GeoJSON: ${median(runs.map((r) => r.seconds)).toFixed(2)} s, peak RSS ${rss.toFixed(0)} MiB = ${(rss / maskMiB).toFixed(2)}× the ${maskMiB} MiB mask array (target < 2×)`);
rmSync(out, { recursive: true, force: true });
