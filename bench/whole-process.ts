/**
 * What the whole-process benchmarks share: the synthetic Cellpose-like inputs (written once into
 * bench/.data/, gitignored) and one timed run of the command with its peak memory.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { syntheticCells } from './synthetic-cells.js';

export interface Size {
  readonly name: string;
  readonly width: number;
  readonly planes: number; // 0 = 2D
  readonly dtype: 'uint16' | 'uint32';
  readonly targetSeconds?: number;
}

export const SIZES: readonly Size[] = [
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

export function segFile(size: Size): string {
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
export function runOnce(args: string[]): { seconds: number; maxRssKiB?: number } {
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

