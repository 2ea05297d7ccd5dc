/**
 * Benchmark: the L RoiSet (8192², ~80,000 exact ROIs exported from `syntheticCells`) imported back to
 * a `_seg.npy` by a whole `node bin/cp2ij.js import … --shape 8192,8192` process (target ≤ 2 s).
 * The RoiSet is made once and cached in bench/.data/. Reports the median of 3 runs and the in-process
 * split (read+paint, seg bytes, write).
 * `node dist/bench/import.js [size] [meanDiameter]`
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Masks } from '../src/core/masks.js';
import { roiFromOutline, roiName } from '../src/encode/from-outline.js';
import { encodeRoi } from '../src/encode/roi-encode.js';
import { readBytes, writeAtomic } from '../src/node/files.js';
import { importItems } from '../src/jobs/import.js';
import { readRoiSet } from '../src/read/roiset.js';
import { traceMasks } from '../src/trace/tracer.js';
import { roiSetZip } from '../src/write/roiset.js';
import { segDict, segNpyChunks } from '../src/write/seg.js';
import { median } from './median.js';
import { syntheticCells } from './synthetic-cells.js';

const DATA = path.resolve('bench/.data');
const CLI = path.resolve('bin/cp2ij.js');
const seconds = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;

const size = Number(process.argv[2] ?? 8192);
const diameter = Number(process.argv[3] ?? 30);
const zip = path.join(DATA, `import_${size}_${diameter}_rois.zip`);
const out = path.join(DATA, `import_${size}_${diameter}_seg.npy`);

mkdirSync(DATA, { recursive: true });
if (!existsSync(zip)) {
  const masks: Masks = { width: size, height: size, depth: 1, is3d: false, data: syntheticCells(size, size, diameter, 1) };
  const entries = traceMasks(masks).map((o) => {
    const name = roiName(o.label);
    return { name, bytes: encodeRoi(roiFromOutline(o, { name })) };
  });
  writeFileSync(zip, roiSetZip(entries));
}
console.log(`RoiSet ${path.basename(zip)}: ${(statSync(zip).size / 1e6).toFixed(1)} MB`);

// in-process split
let t0 = performance.now();
const items = readRoiSet(await readBytes(zip)).map((it) => ({ kind: 'roi' as const, name: it.label, roi: it.roi }));
const t1 = performance.now();
const report = importItems(items, { width: size, height: size, depth: 1, is3d: false });
const t2 = performance.now();
const chunks = segNpyChunks(segDict(report.masks, { labels: report.labelTable }));
const t3 = performance.now();
await writeAtomic(out, chunks);
const t4 = performance.now();
console.log(
  `in process: ${items.length} ROIs, ${report.labels} labels (max ${report.maxLabel}); read ${seconds(t1 - t0)}, paint ${seconds(t2 - t1)}, ` +
    `seg bytes (outlines, pickle) ${seconds(t3 - t2)}, write ${(chunks.reduce((n, c) => n + c.length, 0) / 1e6).toFixed(0)} MB ${seconds(t4 - t3)}`,
);

const runs: number[] = [];
for (let i = 0; i < 3; i++) {
  rmSync(out, { force: true });
  t0 = performance.now();
  execFileSync('node', [CLI, 'import', zip, '--shape', `${size},${size}`, '--out', out, '-q']);
  runs.push(performance.now() - t0);
}
console.log(`whole process (node bin/cp2ij.js import … --out _seg.npy): median ${seconds(median(runs))} of [${runs.map(seconds).join(', ')}] (target ≤ 2 s)`);
rmSync(out, { force: true });
