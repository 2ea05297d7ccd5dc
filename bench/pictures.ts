/**
 * Benchmark (not a test): `node dist/bench/pictures.js`.
 * M = 2048² with ~5,000 synthetic cells (bench/synthetic-cells.ts), in a GUI-like `_seg.npy` holding an
 * uint16 `img`, `colors` and a (1, H, W, 3) flow picture, cached in bench/.data/. Times the real command,
 * `cp2ij export FILE --format png` (and `svg`) as a whole child process (node start, read, render, encode,
 * write), median of 3; target (issue 6): png ≤ 1 s.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeAtomic } from '../src/node/files.js';
import { PyNdArray, type PyValue } from '../src/read/pyvalue.js';
import { segNpyBytes } from '../src/write/seg.js';
import { median } from './median.js';
import { syntheticCells } from './synthetic-cells.js';

const SIZE = 2048;
const DATA = path.resolve('bench/.data');
const FILE = path.join(DATA, `pictures_${SIZE}_seg.npy`);
const OUT = path.join(DATA, 'pictures-out');
const CLI = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../bin/cp2ij.js');

async function writeInput(): Promise<void> {
  const labels = syntheticCells(SIZE, SIZE, 30, 17);
  const n = SIZE * SIZE;
  const masks = Uint16Array.from(labels);
  let max = 0;
  for (const v of masks) if (v > max) max = v;
  // a cell-like image: bright cells with a darker rim over a noisy background
  const img = new Uint16Array(n);
  const flow = new Uint8Array(n * 3);
  let seed = 1;
  const noise = () => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 16) / 65536;
  for (let i = 0; i < n; i++) {
    img[i] = 800 + (masks[i] ? 1500 + (masks[i]! % 7) * 100 : 0) + noise() * 400;
    flow[3 * i] = (masks[i]! * 37) & 255;
    flow[3 * i + 1] = (i % SIZE) & 255;
    flow[3 * i + 2] = (i / SIZE) & 255;
  }
  const colors = new Uint8Array(max * 3).map(() => 64 + noise() * 191);
  const dict = new Map<string, PyValue>([
    ['masks', new PyNdArray('uint16', [SIZE, SIZE], masks)],
    ['img', new PyNdArray('uint16', [SIZE, SIZE], img)],
    ['colors', new PyNdArray('uint8', [max, 3], colors)],
    ['flows', [new PyNdArray('uint8', [1, SIZE, SIZE, 3], flow)]],
    ['filename', 'bench.tif'],
  ]);
  await writeAtomic(FILE, segNpyBytes(dict));
  process.stderr.write(`wrote ${FILE}: ${max} cells\n`);
}

async function main(): Promise<void> {
  if (!existsSync(FILE)) {
    mkdirSync(DATA, { recursive: true });
    await writeInput();
  }
  for (const formats of [['png'], ['svg']]) {
    const ms: number[] = [];
    for (let run = 0; run < 3; run++) {
      rmSync(OUT, { recursive: true, force: true });
      const t0 = performance.now();
      execFileSync(process.execPath, [CLI, 'export', FILE, '--format', formats.join(','), '--out', OUT, '--quiet'], { stdio: 'inherit' });
      ms.push(performance.now() - t0);
    }
    const target = formats[0] === 'png' ? ' (target ≤ 1000 ms)' : '';
    console.log(`M ${SIZE}² ${formats.join('+')}: whole process ${median(ms).toFixed(0)} ms median of 3 [${ms.map((m) => m.toFixed(0)).join(', ')}]${target}`);
  }
  rmSync(OUT, { recursive: true, force: true });
}

await main();
