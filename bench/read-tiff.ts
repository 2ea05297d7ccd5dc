/**
 * Benchmark (not a test): `node dist/bench/read-tiff.js`. The L label image (8192², ~80,000 touching
 * cells, uint32) as Cellpose's io.save_masks writes it (`tifffile.imwrite(..., compression="zlib")`),
 * made once by numpy + tifffile into bench/.data/. Side by side in the same run, median of 5 each:
 * `tifffile.imread` (in one Python process, after a warm-up read) and cp2ij's `loadInput`.
 * Target (issue 10): cp2ij ≤ 1.5× tifffile.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadInput } from '../src/node/inputs.js';
import '../src/node/files.js';
import { median } from './median.js';
import { syntheticCells } from './synthetic-cells.js';

const SIZE = 8192;
const DATA = path.resolve('bench/.data');
const FILE = path.join(DATA, `L_${SIZE}_uint32_zlib_cp_masks.tif`);

if (!existsSync(FILE)) {
  mkdirSync(DATA, { recursive: true });
  const raw = path.join(DATA, 'L_masks.u32');
  writeFileSync(raw, syntheticCells(SIZE, SIZE, 30, 1));
  execFileSync('/usr/bin/python3', ['-c', `import numpy as np, sys, tifffile
m = np.fromfile(sys.argv[1], np.uint32).reshape(${SIZE}, ${SIZE})
tifffile.imwrite(sys.argv[2], m, compression='zlib')`, raw, FILE], { stdio: 'inherit' });
}
const tifffileMs = JSON.parse(execFileSync('/usr/bin/python3', ['-c', `import json, sys, time, tifffile
tifffile.imread(sys.argv[1])
ms = []
for i in range(5):
    t = time.perf_counter(); tifffile.imread(sys.argv[1]); ms.append((time.perf_counter() - t) * 1000)
print(json.dumps(sorted(ms)))`, FILE], { encoding: 'utf8' })) as number[];
await loadInput(FILE);
const mine: number[] = [];
for (let i = 0; i < 5; i++) {
  const t0 = performance.now();
  await loadInput(FILE);
  mine.push(performance.now() - t0);
}
const a = median(tifffileMs);
const b = median(mine);
console.log(`read L zlib uint32 _cp_masks.tif: tifffile.imread ${a.toFixed(0)} ms, cp2ij loadInput ${b.toFixed(0)} ms (median of 5 each): ratio ${(b / a).toFixed(2)} (target ≤ 1.5)`);
