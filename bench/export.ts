/**
 * Benchmark (not a test): `node dist/bench/export.js [S|M|L|Z …]`.
 * Whole-process `cp2ij export X_seg.npy --format zip` on label images like Cellpose output (touching round
 * cells of 20–40 px, bench/synthetic-cells.ts) saved by numpy in Cellpose's CLI layout, flows included:
 * S 512² (~300 cells), M 2048² (~5,000), L 8192² (~80,000, uint32), Z 64×1024² (~1,200 cells a plane).
 * Targets (issue 3): M ≤ 0.25 s, L ≤ 1.5 s, Z ≤ 1.5 s; peak memory ≤ 3× the mask array.
 * Inputs are written once into bench/.data/ (gitignored).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { median } from './median.js';
import { SIZES, runOnce, segFile } from './whole-process.js';

function main(): void {
  const wanted = process.argv.slice(2).map((s) => s.toUpperCase());
  for (const size of SIZES.filter((s) => wanted.length === 0 || wanted.includes(s.name))) {
    const file = segFile(size);
    const out = mkdtempSync(path.join(tmpdir(), 'cp2ij-bench-'));
    const args = ['export', file, '--out', out, '--format', 'zip', '--quiet'];
    runOnce(args); // warm the page cache
    const runs = [runOnce(args), runOnce(args), runOnce(args)];
    rmSync(out, { recursive: true, force: true });
    const seconds = median(runs.map((r) => r.seconds));
    const rss = Math.max(...runs.map((r) => r.maxRssKiB ?? 0)) / 1024;
    const maskMiB = (size.width * size.width * Math.max(1, size.planes) * (size.dtype === 'uint32' ? 4 : 2)) / 2 ** 20;
    const target = size.targetSeconds === undefined ? '' : ` (target ≤ ${size.targetSeconds} s: ${seconds <= size.targetSeconds ? 'met' : 'MISSED'})`;
    console.log(
      `export ${size.name} ${size.planes ? `${size.planes}×` : ''}${size.width}² ${size.dtype}: ${seconds.toFixed(3)} s median of 3${target}; ` +
        `peak RSS ${rss.toFixed(0)} MiB = ${(rss / maskMiB).toFixed(2)}× the ${maskMiB.toFixed(0)} MiB mask array`,
    );
  }
}

main();
