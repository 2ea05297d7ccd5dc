/**
 * Benchmark: masks → Cellpose `_cp_outlines.txt` for the L case (8192², ~80,000 touching cells,
 * uint32). `node dist/bench/outlines-txt.js [size] [meanDiameter]` times the in-process conversion,
 * then a whole child process doing what `export --format txt` does: read the .npy, trace, write.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { labelStats, type Masks } from '../src/core/masks.js';
import { readBytes, writeAtomic } from '../src/node/files.js';
import { parseLabelNpy } from '../src/read/labels.js';
import { outlinesText } from '../src/write/outlines-txt.js';
import { syntheticCells } from './synthetic-cells.js';

const seconds = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;

/** Child mode: the whole job on files, as the CLI would run it. */
async function convertFile(npy: string, txt: string): Promise<void> {
  await writeAtomic(txt, outlinesText(parseLabelNpy(await readBytes(npy))));
}

async function main(): Promise<void> {
  const size = Number(process.argv[2] ?? 8192);
  const diameter = Number(process.argv[3] ?? 30);
  let t0 = performance.now();
  const data = syntheticCells(size, size, diameter, 1);
  const masks: Masks = { width: size, height: size, depth: 1, is3d: false, data };
  const generateMs = performance.now() - t0;
  console.log(`outlines-txt: ${size}×${size}, ${labelStats(masks).count} labels, mean diameter ${diameter} px (generated in ${seconds(generateMs)})`);

  t0 = performance.now();
  const txt = outlinesText(masks);
  console.log(`  in process, masks → txt bytes: ${seconds(performance.now() - t0)} (${(txt.length / 1e6).toFixed(1)} MB)`);

  const dir = mkdtempSync(path.join(tmpdir(), 'cp2ij-bench-'));
  try {
    const npy = path.join(dir, 'L_masks.npy');
    const out = path.join(dir, 'L_cp_outlines.txt');
    const { npyBytes } = await import('../src/write/npy.js'); // not in the timed child's imports
    writeFileSync(npy, npyBytes({ dtype: 'uint32', shape: [size, size], data }));
    t0 = performance.now();
    execFileSync(process.execPath, [fileURLToPath(import.meta.url), '--convert', npy, out], { stdio: 'inherit' });
    const wholeMs = performance.now() - t0;
    console.log(`  whole process (node start, read ${(statSync(npy).size / 1e6).toFixed(0)} MB .npy, trace, write txt): ${seconds(wholeMs)}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--convert') await convertFile(process.argv[3]!, process.argv[4]!);
else await main();
