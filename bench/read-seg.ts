/**
 * Benchmark (not a test): `node dist/bench/read-seg.js`.
 * An 8192×8192 uint32 `_seg.npy` in Cellpose's CLI layout (masks, outlines, 5 flows ≈ 2 GB), written
 * once by numpy and cached in bench/.data/. Reports the median of 5 runs of reading the file's bytes
 * from the warm page cache, of parsing the whole file after that read (what loadInput did before it read
 * ranges; target ratio ≤ 2) and of `loadInput`, which reads only the pickle stream and the masks.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { readBytes } from '../src/node/files.js';
import { parseInput } from '../src/read/input.js';
import { loadInput } from '../src/node/inputs.js';
import { median } from './median.js';

const SIZE = 8192;
const DATA = path.resolve('bench/.data');
const FILE = path.join(DATA, `cli_${SIZE}_uint32_seg.npy`);

const WRITER = `
import numpy as np, sys
n = ${SIZE}
masks = (np.arange(n * n, dtype=np.uint32) // 997 + 65536).reshape(n, n)  # uint32 labels above 2^16
flows = [np.zeros((1, n, n, 3), np.uint8), np.zeros((1, n, n), np.uint8), np.zeros((1, n, n, 3), np.uint8), [],
         np.zeros((3, n, n), np.float32)]
np.save(sys.argv[1], {'outlines': masks, 'masks': masks, 'chan_choose': [0, 0], 'ismanual': np.zeros(int(masks.max()), bool),
                      'filename': 'big.tif', 'flows': flows, 'diameter': float('nan')})
`;

async function timeIt(fn: () => Promise<unknown>, runs = 5): Promise<number> {
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    ms.push(performance.now() - t0);
  }
  return median(ms);
}

async function main(): Promise<void> {
  if (!existsSync(FILE)) {
    mkdirSync(DATA, { recursive: true });
    process.stderr.write(`writing ${FILE} with numpy (once)…\n`);
    execFileSync('python3', ['-c', WRITER, FILE], { stdio: 'inherit' });
  }
  const bytes = await readBytes(FILE); // warms the page cache
  const mib = bytes.length / 2 ** 20;
  const readMs = await timeIt(() => readBytes(FILE));
  const wholeMs = await timeIt(async () => await parseInput(await readBytes(FILE)));
  const loadMs = await timeIt(() => loadInput(FILE));
  const input = await loadInput(FILE);
  console.log(`file: ${FILE} (${mib.toFixed(0)} MiB, masks ${input.masks.width}×${input.masks.height} ${input.seg?.masksArray.dtype})`);
  console.log(`read bytes (warm cache), median of 5: ${readMs.toFixed(0)} ms (${(mib / (readMs / 1000)).toFixed(0)} MiB/s)`);
  console.log(`read + parse whole file, median of 5: ${wholeMs.toFixed(0)} ms (ratio to read ${(wholeMs / readMs).toFixed(2)}, target ≤ 2)`);
  console.log(`loadInput masks only (lazy), median of 5: ${loadMs.toFixed(0)} ms (ratio to read ${(loadMs / readMs).toFixed(2)})`);
}

await main();
