/**
 * Benchmark (not a test): `node dist/bench/export.js [S|M|L|Z …]`.
 * Whole-process `cp2ij export X_seg.npy --format zip` on label images like Cellpose output (touching round
 * cells of 20–40 px, bench/synthetic-cells.ts) saved by numpy in Cellpose's CLI layout, flows included:
 * S 512² (~300 cells), M 2048² (~5,000), L 8192² (~80,000, uint32), Z 64×1024² (~1,200 cells a plane).
 * Targets (issue 3): M ≤ 0.25 s, L ≤ 1.5 s, Z ≤ 1.5 s; peak memory ≤ 3× the mask array.
 * Inputs are written once into bench/.data/ (gitignored).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { median } from './median.js';
import { syntheticCells } from './synthetic-cells.js';

interface Size {
  readonly name: string;
  readonly width: number;
  readonly planes: number; // 0 = 2D
  readonly dtype: 'uint16' | 'uint32';
  readonly targetSeconds?: number;
}

const SIZES: readonly Size[] = [
  { name: 'S', width: 512, planes: 0, dtype: 'uint16' },
  { name: 'M', width: 2048, planes: 0, dtype: 'uint16', targetSeconds: 0.25 },
  { name: 'L', width: 8192, planes: 0, dtype: 'uint32', targetSeconds: 1.5 },
  { name: 'Z', width: 1024, planes: 64, dtype: 'uint16', targetSeconds: 1.5 },
];

const DATA = path.resolve('bench/.data');
const CLI = path.resolve('bin/cp2ij.js');

/** numpy builds the seg dict around the raw masks: Cellpose CLI layout (masks_flows_to_seg), flows included. */
const SEG_WRITER = `
import numpy as np, sys
raw, out, dtype, shape = sys.argv[1], sys.argv[2], sys.argv[3], tuple(int(s) for s in sys.argv[4].split(','))
masks = np.fromfile(raw, dtype=np.uint32).astype(dtype).reshape(shape)
spatial = shape if len(shape) == 3 else (1,) + shape
flows = [np.zeros(spatial + (3,), np.uint8), np.zeros(spatial, np.uint8), np.zeros(spatial + (3,), np.uint8), [],
         np.zeros((len(shape) + 1,) + shape, np.float32)]
np.save(out, {'outlines': masks, 'masks': masks, 'chan_choose': [0, 0], 'ismanual': np.zeros(int(masks.max()), bool),
              'filename': 'cells.tif', 'flows': flows, 'diameter': float('nan')})
`;

function segFile(size: Size): string {
  const file = path.join(DATA, `export_${size.name}_seg.npy`);
  if (existsSync(file)) return file;
  mkdirSync(DATA, { recursive: true });
  process.stderr.write(`writing ${file} (once)…\n`);
  const planes = Math.max(1, size.planes);
  const plane = size.width * size.width;
  const masks = new Uint32Array(plane * planes);
  for (let z = 0; z < planes; z++) masks.set(syntheticCells(size.width, size.width, 30, 17 + z), z * plane);
  const raw = `${file}.raw`;
  writeFileSync(raw, masks);
  const shape = size.planes ? [size.planes, size.width, size.width] : [size.width, size.width];
  execFileSync('python3', ['-c', SEG_WRITER, raw, file, size.dtype, shape.join(',')], { stdio: 'inherit' });
  rmSync(raw);
  return file;
}

/** One whole-process run: wall seconds and peak resident memory (KiB, from GNU time when present). */
function runOnce(args: string[]): { seconds: number; maxRssKiB?: number } {
  const haveTime = existsSync('/usr/bin/time');
  const command = haveTime ? '/usr/bin/time' : process.execPath;
  const argv = haveTime ? ['-f', 'MAXRSS %M', process.execPath, CLI, ...args] : [CLI, ...args];
  const t0 = performance.now();
  const r = spawnSync(command, argv, { encoding: 'utf8' });
  const seconds = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`cp2ij ${args.join(' ')} failed: ${r.stderr}`);
  const rss = /MAXRSS (\d+)/.exec(r.stderr ?? '');
  return { seconds, maxRssKiB: rss ? Number(rss[1]) : undefined };
}

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
